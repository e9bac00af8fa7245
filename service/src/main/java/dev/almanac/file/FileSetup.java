package dev.almanac.file;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FileSettings.class, FileSettings.BackupSettings.class})
class FileSetup {}
