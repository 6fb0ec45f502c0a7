package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.example.launcher.GatewayLauncher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The gateway WAR in embedded Jetty 12 (ee10), started by the example's launcher. */
class JettyGatewayIT extends GatewayContract {

    @Override
    DeployedGateway deploy(Path war) throws Exception {
        return JettyDeployment.deploy(war);
    }

    /** The launcher's last line at start: where it listens, the routes and the admin URLs. */
    @Test
    void launcherEndsItsStartWithTheUrlsToUse() {
        String base = gateway.uri().toString();
        assertEquals("listening on " + base + ", routes " + base + "/anthropic, " + base + "/bedrock, " + base
                + "/foundry, " + base + "/vertex; admin " + base + "/anthropic_beta_headers, " + base
                + "/anthropic_beta_headers/overrides, " + base + "/anthropic_beta_headers/quarantine, " + base
                + "/metrics/anthropic_beta_headers, " + base
                + "/reload/anthropic_beta_headers, " + base
                + "/schedule/anthropic_beta_headers_reload, " + base + "/schedule/anthropic_beta_headers_reload/status; "
                + "Ctrl-C stops it",
                GatewayLauncher.listening(((JettyDeployment) gateway).server()));
    }
}
