package io.ferry.delivery;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The host application's own page, which its security rules govern. */
@RestController
class HostPage {

    @GetMapping("/host/page")
    String page() {
        return "the host's page";
    }

    @GetMapping("/host/open")
    String open() {
        return "the host's open page";
    }
}
