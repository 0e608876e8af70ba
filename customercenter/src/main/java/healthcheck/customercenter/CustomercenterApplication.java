package healthcheck.customercenter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CustomercenterApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustomercenterApplication.class, args);
    }
}
