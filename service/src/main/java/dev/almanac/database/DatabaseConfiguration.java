package dev.almanac.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.almanac.config.AlmanacProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One DataSource for the whole application: the external PostgreSQL when ALMANAC_DATABASE_URL is
 * set, otherwise the embedded server. The pool is closed before the embedded server stops because
 * it depends on it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${almanac.database.url:}'.isBlank()")
    EmbeddedDatabase embeddedDatabase(AlmanacProperties properties) {
        return EmbeddedDatabase.start(properties.data().pgDir(), properties.database().embeddedPort());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(AlmanacProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
        AlmanacProperties.Database db = properties.database();
        HikariConfig config = new HikariConfig();
        if (db.isExternal()) {
            config.setJdbcUrl(DatabaseUrl.toJdbc(db.url()));
            if (db.user() != null) config.setUsername(db.user());
            if (db.password() != null) config.setPassword(db.password());
        } else {
            EmbeddedDatabase server = embedded.getObject();
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.user());
        }
        config.setPoolName("almanac");
        config.setMaximumPoolSize(db.poolSize());
        // Fail start-up quickly with a clear message rather than hanging on a wrong URL.
        config.setInitializationFailTimeout(30_000);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }
}
