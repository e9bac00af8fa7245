package dev.almanac.web;

/** What an API key may do; each role includes the ones before it. */
public enum Role {
    READER, WRITER, ADMIN, SYSTEM;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) return role;
        }
        throw new IllegalArgumentException("unknown role: " + value);
    }
}
