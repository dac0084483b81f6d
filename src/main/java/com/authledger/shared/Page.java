package com.authledger.shared;

import java.util.List;

/**
 * One page of a keyset-paged listing. The token is opaque to clients: it encodes the position of the last item,
 * so pages stay stable while new entries arrive.
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public static int size(Integer requested) {
        if (requested == null) {
            return DEFAULT_SIZE;
        }
        if (requested < 1 || requested > MAX_SIZE) {
            throw new InvalidInput("pageSize", "must be between 1 and " + MAX_SIZE);
        }
        return requested;
    }

    /** The position after which the requested page starts; 0 for the first page. */
    public static long after(String pageToken) {
        return after("pageToken", pageToken);
    }

    /** {@link #after(String)} for a listing whose token parameter has another name ({@code parameter}). */
    public static long after(String parameter, String pageToken) {
        if (pageToken == null || pageToken.isEmpty()) {
            return 0;
        }
        try {
            if (pageToken.length() > 24 || !pageToken.startsWith("p")) {
                throw new NumberFormatException();
            }
            long position = Long.parseLong(pageToken.substring(1), 36);
            if (position < 0) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw new InvalidInput(parameter, "is not a token this API issued");
        }
    }

    /** Builds a page from {@code size + 1} fetched rows: the extra row only says that another page exists. */
    public static <T> Page<T> of(List<T> fetched, int size, java.util.function.ToLongFunction<T> position) {
        if (fetched.size() <= size) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, size);
        return new Page<>(List.copyOf(items), "p" + Long.toString(position.applyAsLong(items.get(size - 1)), 36));
    }
}
