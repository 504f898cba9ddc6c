package io.ferry.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of a manifest that Kubernetes' own model does not have, found through Fabric8's typed model: it keeps
 * a field it does not know in the {@code additionalProperties} of the object it was in, where a real API server
 * would drop it (or, validating strictly, refuse it). A misspelled or misplaced key in a template shows up here.
 */
final class UnknownFields {

    private static final String MODEL = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    /** Each unknown field as {@code path.field}; empty when the object is all Kubernetes'. */
    static List<String> of(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found));
            return;
        }
        // A custom resource has no model: nothing to compare with.
        if (value == null || value instanceof GenericKubernetesResource
                || !value.getClass().getPackageName().startsWith(MODEL)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object property = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> found.add(path + "." + key));
                }
            } else {
                walk(property, path + "." + decapitalize(getter.getName().substring(3)), found);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " of " + target.getClass().getName(), e);
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
