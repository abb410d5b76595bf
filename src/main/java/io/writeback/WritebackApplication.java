package io.writeback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WritebackApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(WritebackApplication.class, args);
        } catch (RuntimeException startFailed) {
            // Spring has logged why. Exit now: the embedded broker's in-VM connector threads are not daemons and
            // would keep a failed app's JVM up for their 60 s idle time, looking alive to whoever supervises it.
            System.exit(1);
        }
    }
}
