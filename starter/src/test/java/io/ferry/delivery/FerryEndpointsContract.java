package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What agents and executors need from any host application, whatever its security: the executor's files without
 * credentials, and class files with the framework token only. Each host's test class runs these against its host.
 */
abstract class FerryEndpointsContract {

    private static final byte[] CLASS_FILE_MAGIC = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    abstract HostApplication host();

    /** A class of the host application, which executors would fetch. */
    private String classPath() {
        return "/ferry/classes/" + getClass().getName();
    }

    @Test
    void anAgentFetchesTheLaunchScriptWithoutCredentials() throws Exception {
        HttpResponse<byte[]> script = host().get("/executor/ferry-executor.sh");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(new String(script.body(), StandardCharsets.UTF_8)).startsWith("#!");
    }

    @Test
    void anAgentFetchesTheExecutorJarWithoutCredentials() throws Exception {
        HttpResponse<byte[]> jar = host().get("/executor/ferry-executor.jar");

        assertThat(jar.statusCode()).isEqualTo(200);
        assertThat(jar.body()).startsWith(ZIP_MAGIC);
    }

    @Test
    void aClassFetchWithoutTheTokenIsRefusedByFerry() throws Exception {
        HttpResponse<byte[]> refused = host().get(classPath());

        assertThat(refused.statusCode()).isEqualTo(401);
        // Ferry's own answer, not the host's security asking for its credentials.
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer "));
    }

    @Test
    void aClassFetchWithTheTokenGetsTheClassFile() throws Exception {
        HttpResponse<byte[]> classFile = host().getWithFrameworkToken(classPath());

        assertThat(classFile.statusCode()).isEqualTo(200);
        assertThat(classFile.body()).startsWith(CLASS_FILE_MAGIC);
    }
}
