package com.authledger.email;

import com.authledger.shared.TransportFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.nio.charset.StandardCharsets;

/**
 * Sends plain-text UTF-8 mail through the SMTP server Spring Boot configures (spring.mail.host, port, username,
 * password, properties), from authledger.email.from. One recipient per message, a subject folded onto one line, and
 * {@code Auto-Submitted: auto-generated} (RFC 3834) so that auto-responders leave it alone. Failures are rethrown as
 * {@link TransportFailure}s that never carry the address: SMTP servers' replies often quote it.
 */
public final class SmtpEmailTransport implements EmailTransport {

    private final JavaMailSender mail;
    private final InternetAddress from;

    public SmtpEmailTransport(JavaMailSender mail, String from) {
        this.mail = mail;
        this.from = parseFrom(from);
    }

    @Override
    public void deliver(EmailMessage message) {
        MimeMessage mime = compose(message);
        try {
            mail.send(mime);
        } catch (MailAuthenticationException e) {
            throw new TransportFailure("The SMTP server refused the configured credentials");
        } catch (MailException e) {
            throw new TransportFailure("The SMTP server did not take the message (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    MimeMessage compose(EmailMessage message) {
        InternetAddress to = recipient(message.destination());
        MimeMessage mime = mail.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(oneLine(message.subject()));
            helper.setText(message.text(), false);
            mime.setHeader("Auto-Submitted", "auto-generated");
            return mime;
        } catch (MessagingException e) {
            throw new TransportFailure("The email could not be composed");
        }
    }

    /** Exactly one address with a domain, without a display name; the exception never quotes it. */
    static InternetAddress recipient(String destination) {
        try {
            InternetAddress parsed = new InternetAddress(destination, true);
            return new InternetAddress(parsed.getAddress(), true);
        } catch (AddressException | RuntimeException e) {
            throw new TransportFailure("The destination is not one valid email address");
        }
    }

    /** A subject with a line break would end the header and start another: keep it on one line. */
    static String oneLine(String subject) {
        return subject.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").strip();
    }

    private static InternetAddress parseFrom(String from) {
        if (from == null || from.isBlank()) {
            throw new IllegalStateException("authledger.email.from is required with authledger.email.transport=smtp");
        }
        try {
            return new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalStateException("authledger.email.from must be one email address, e.g. "
                    + "'Shop <no-reply@shop.example>'");
        }
    }
}
