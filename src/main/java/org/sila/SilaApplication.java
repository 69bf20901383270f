package org.sila;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SilaApplication {
    public static void main(String[] args) {
        SpringApplication.run(SilaApplication.class, args);
    }
}
