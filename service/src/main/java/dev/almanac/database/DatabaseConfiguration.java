package dev.almanac.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.almanac.config.AlmanacProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

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
    DatabaseCircuit dataSource(AlmanacProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
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
        // Outages: a request waits at most this long for a connection, then the circuit answers the
        // next ones at once (DatabaseCircuit); a connection left silent by a network cut fails by the
        // socket timeout instead of hanging, and PostgreSQL drops the server half of one of ours that
        // was cut mid-transaction (keepalive, idle-in-transaction timeout) instead of holding its
        // transaction id, and with it every outbox reader, for hours.
        config.setConnectionTimeout(db.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1000, db.connectionTimeout().toMillis() / 2));
        // strings: the driver reads its settings with Properties.getProperty, which ignores other types
        String connectSeconds = Long.toString(Math.max(1, db.connectionTimeout().toSeconds()));
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        config.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, db.socketTimeout().toSeconds())));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=" + db.idleInTransactionTimeout().toMillis());
        return new DatabaseCircuit(new HikariDataSource(config));
    }

    /** In place of Spring Boot's: a COMMIT whose connection broke must reach the caller as one. */
    @Bean
    PlatformTransactionManager transactionManager(DatabaseCircuit dataSource) {
        return new CommitAwareTransactionManager(dataSource);
    }
}
