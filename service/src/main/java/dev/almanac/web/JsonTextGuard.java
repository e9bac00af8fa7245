package dev.almanac.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Watches JSON text byte by byte for what PostgreSQL's {@code text} and {@code jsonb} cannot hold
 * and Jackson lets through: a {@code \u0000} escape, a lone UTF-16 surrogate escape ({@code \ud800}
 * not followed by a low one, or a low one on its own), and numbers that do not fit a double
 * ({@code 1e400}). Everything else (syntax, raw control characters, invalid UTF-8) is left to the
 * JSON parser, which already rejects it.
 *
 * <p>Why here and not in each endpoint: it sees every request body and every JSON query parameter,
 * keys and values alike, before any of it reaches a query.
 */
public final class JsonTextGuard {
    private static final int MAX_NUMBER = 1100; // longer numbers are refused by the parser's own limit

    private enum State { OUTSIDE, STRING, ESCAPE, UNICODE }

    private State state = State.OUTSIDE;
    private int hexDigits;
    private int codeUnit;
    private boolean highSurrogatePending;
    private final StringBuilder number = new StringBuilder();

    /** Thrown from inside a body read; the problem handler finds it in the cause chain. */
    public static final class Rejected extends IOException {
        Rejected(String message) {
            super(message, null);
        }
    }

    /** Checks a whole JSON text, e.g. a query parameter; throws a 400 {@link ApiException} naming it. */
    public static void check(String parameter, String json) {
        JsonTextGuard guard = new JsonTextGuard();
        try {
            for (byte b : json.getBytes(StandardCharsets.UTF_8)) guard.accept(b & 0xff);
            guard.end();
        } catch (Rejected e) {
            throw ApiException.invalidField(parameter, e.getMessage());
        }
    }

    void accept(int b) throws Rejected {
        switch (state) {
            case OUTSIDE -> {
                if (b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E' || b >= '0' && b <= '9') {
                    if (number.length() < MAX_NUMBER) number.append((char) b);
                    return;
                }
                endNumber();
                if (b == '"') state = State.STRING;
            }
            case STRING -> {
                if (highSurrogatePending && b != '\\') throw loneSurrogate();
                if (b == '\\') state = State.ESCAPE;
                else if (b == '"') state = State.OUTSIDE;
            }
            case ESCAPE -> {
                if (b == 'u') {
                    state = State.UNICODE;
                    hexDigits = 0;
                    codeUnit = 0;
                } else {
                    if (highSurrogatePending) throw loneSurrogate();
                    state = State.STRING;
                }
            }
            case UNICODE -> {
                int digit = Character.digit(b, 16);
                if (digit < 0) { // not an escape after all: the parser reports it
                    state = State.STRING;
                    return;
                }
                codeUnit = codeUnit * 16 + digit;
                if (++hexDigits == 4) {
                    state = State.STRING;
                    checkCodeUnit(codeUnit);
                }
            }
        }
    }

    void end() throws Rejected {
        if (state == State.OUTSIDE) endNumber();
    }

    private void checkCodeUnit(int unit) throws Rejected {
        if (unit == 0) {
            throw new Rejected("contains a NUL character (\\u0000), which cannot be stored; remove it");
        }
        if (Character.isHighSurrogate((char) unit)) {
            if (highSurrogatePending) throw loneSurrogate();
            highSurrogatePending = true;
        } else if (Character.isLowSurrogate((char) unit)) {
            if (!highSurrogatePending) throw loneSurrogate();
            highSurrogatePending = false;
        } else if (highSurrogatePending) {
            throw loneSurrogate();
        }
    }

    private void endNumber() throws Rejected {
        if (number.isEmpty()) return;
        String text = number.toString();
        number.setLength(0);
        try {
            if (Double.isInfinite(Double.parseDouble(text))) {
                throw new Rejected("has a number out of range (" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                        + "); numbers must lie within ±1.7976931348623157e308");
            }
        } catch (NumberFormatException e) {
            // not a number after all (e.g. "-" in a broken document): the parser reports it
        }
    }

    private static Rejected loneSurrogate() {
        return new Rejected("contains a lone UTF-16 surrogate escape (e.g. \\ud800 without its pair); send valid Unicode");
    }
}
