package dev.almanac.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.console.*}.
 *
 * @param idleTimeout a console session unused this long is over (sign in again)
 */
@ConfigurationProperties("almanac.console")
record ConsoleSettings(@DefaultValue("30m") Duration idleTimeout) {

    ConsoleSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("almanac.console.idle-timeout must be positive, e.g. 30m (is " + idleTimeout + ")");
        }
    }
}
