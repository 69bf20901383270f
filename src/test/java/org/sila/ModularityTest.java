package org.sila;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void modulesKeepTheirBoundaries() {
        ApplicationModules.of(SilaApplication.class).verify();
    }
}
