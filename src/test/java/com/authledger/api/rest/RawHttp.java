package com.authledger.api.rest;

import com.authledger.support.TestApi;

import javax.net.ssl.SSLSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK clients refuse to send or rewrite: header values written as
 * raw bytes (java.net.http encodes header values as US-ASCII, turning every other byte into '?').
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * @param headerBlock extra header lines, each ending in CRLF, as the exact bytes to put on the wire
     */
    static Response send(int port, String method, String path, byte[] headerBlock, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // the whole request in one write: the server may answer a bad header and close before it reads the
            // body, and a body written after that would fail with a broken pipe
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.write(headerBlock);
            request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            request.write(body);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (java.net.SocketException closedEarly) {
                // the server answered and closed before taking all of it: its answer is still to be read
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw answer as a {@link TestApi.Response}, so the same assertions read it. */
    static TestApi.Response asTestApiResponse(Response raw) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        raw.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
        return new TestApi.Response(new HttpResponse<>() {
            @Override
            public int statusCode() {
                return raw.status();
            }

            @Override
            public HttpRequest request() {
                return null;
            }

            @Override
            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return httpHeaders;
            }

            @Override
            public String body() {
                return raw.body();
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return null;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(chunked);
        try {
            while (true) {
                StringBuilder sizeLine = new StringBuilder();
                int c;
                while ((c = in.read()) != '\n') {
                    if (c < 0) {
                        return out.toByteArray();
                    }
                    if (c != '\r') {
                        sizeLine.append((char) c);
                    }
                }
                int semicolon = sizeLine.indexOf(";");
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).toString()
                        .strip(), 16);
                if (size == 0) {
                    return out.toByteArray();
                }
                out.write(in.readNBytes(size));
                in.readNBytes(2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
