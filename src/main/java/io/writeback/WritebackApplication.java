package io.writeback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WritebackApplication {

    public static void main(String[] args) {
        SpringApplication.run(WritebackApplication.class, args);
    }
}
