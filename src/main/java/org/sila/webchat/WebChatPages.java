package org.sila.webchat;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The demo page a newcomer opens after starting the hub. */
@Controller
class WebChatPages {

    @GetMapping("/webchat/demo")
    String demo() {
        return "forward:/webchat/demo.html";
    }
}
