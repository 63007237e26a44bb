package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * README's module-path recipe (Install, ADR 0014) on the published jars: a module
 * {@code demo} that {@code requires io.goroutines} is compiled against the api jar, then
 * run in a child JVM with the api, impl and slf4j-api jars on the module path and only
 * {@code --add-opens java.base/java.lang=io.goroutines.impl --add-modules org.slf4j}.
 * It proves the jars' {@code Automatic-Module-Name}s (the module would not resolve under
 * the names derived from the file names, and the runtime would fall back to the JDK's
 * scheduler were the flag's module name wrong) and that the runtime runs on the G/M/P
 * scheduler there.
 *
 * <p>It needs the jars themselves, which the test class path holds when the reactor
 * packaged goroutines-api and goroutines-impl first ({@code mvn verify} from the top);
 * a run that finds only their {@code target/classes} (no {@code Automatic-Module-Name}
 * there) is skipped, saying so.
 */
@Timeout(120)
class ModulePathTest {

    private static final String MAIN = """
            package demo;

            import io.goroutines.Chan;
            import io.goroutines.Go;
            import io.goroutines.GoRuntime;

            public class Main {
                public static void main(String[] args) {
                    Go.main(() -> {
                        Chan<String> c = Chan.make();
                        Go.go(() -> c.send("hello from a goroutine"));
                        System.out.println(c.recv() + " on the module path, scheduler=" + GoRuntime.scheduler());
                    });
                }
            }
            """;

    @Test
    void aModuleRequiringIoGoroutinesRunsOnTheGmpSchedulerWithTheReadmeFlags() throws Exception {
        Path api = jarOnClassPath("goroutines-api-");
        Path impl = jarOnClassPath("goroutines-impl-");
        Path slf4j = jarOnClassPath("slf4j-api-");
        assumeTrue(api != null && impl != null,
                "goroutines-api and goroutines-impl are not jars on this class path (run mvn verify from the top)");
        assertNotNull(slf4j, "slf4j-api jar on the class path");

        Path dir = Files.createTempDirectory("module-path-test");
        try {
            Path src = dir.resolve("src/demo");
            Files.createDirectories(src.resolve("demo"));
            Files.writeString(src.resolve("module-info.java"), "module demo {\n    requires io.goroutines;\n}\n");
            Files.writeString(src.resolve("demo/Main.java"), MAIN);
            Path out = dir.resolve("out");
            ByteArrayOutputStream javacErr = new ByteArrayOutputStream();
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, javacErr,
                    "--module-path", api.toString(), "--module-source-path", dir.resolve("src").toString(),
                    "-m", "demo", "-d", out.toString());
            assertEquals(0, rc, "javac: " + javacErr.toString(StandardCharsets.UTF_8));

            String java = ProcessHandle.current().info().command().orElseThrow();
            String modulePath = String.join(File.pathSeparator,
                    out.resolve("demo").toString(), api.toString(), impl.toString(), slf4j.toString());
            Path log = dir.resolve("child.log");
            Process p = new ProcessBuilder(List.of(java,
                    "--add-opens", "java.base/java.lang=io.goroutines.impl", "--add-modules", "org.slf4j",
                    "--module-path", modulePath, "-m", "demo/demo.Main"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            assertTrue(ended, "child JVM did not finish within 60 s:\n" + output);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("hello from a goroutine on the module path, scheduler=gmp"), output);
        } finally {
            deleteTree(dir);
        }
    }

    /** The jar on this JVM's class path whose file name starts with {@code prefix}, or null. */
    private static Path jarOnClassPath(String prefix) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> {
                    String name = p.getFileName().toString();
                    return name.startsWith(prefix) && name.endsWith(".jar")
                            && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar");
                })
                .findFirst()
                .orElse(null);
    }

    private static void deleteTree(Path dir) throws Exception {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
