package dev.literllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The header's table of label parents is the one every binding implements. */
class ErrorHierarchyTest {
    @Test
    void subclassesFollowTheHeadersParents() throws Exception {
        String h = Files.readString(Path.of("../../include/liter_llm.h"));
        Map<String, String> parents = new HashMap<>();
        var m = Pattern.compile("(?m)^ \\*   (\\w+) -> (\\w+)$").matcher(h);
        while (m.find()) parents.put(m.group(1), m.group(2));
        assertFalse(parents.isEmpty());
        for (String label : ErrorMap.CLASSES.keySet()) {
            LiterLlmException e = ErrorMap.of(label, "x");
            assertEquals(label, e.label());
            for (String other : ErrorMap.CLASSES.keySet()) {
                Class<?> c = ErrorMap.of(other, "x").getClass();
                boolean should = other.equals(label) || other.equals(parents.get(label));
                assertEquals(should, c.isInstance(e), label + " instanceof " + c.getSimpleName());
            }
        }
    }

    @Test
    void namesDoNotShadowTheJdk() {
        for (String label : ErrorMap.CLASSES.keySet()) {
            String name = ErrorMap.of(label, "x").getClass().getSimpleName();
            for (String pkg : new String[] {"java.lang.", "java.util.concurrent.", "java.io.", "java.net."}) {
                try {
                    Class.forName(pkg + name);
                    throw new AssertionError(name + " collides with " + pkg + name);
                } catch (ClassNotFoundException expected) {
                    // no collision
                }
            }
        }
    }
}
