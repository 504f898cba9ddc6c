package io.ferry.autoconfigure;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindConstructorProvider;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds and validates every {@code ferry.*} {@code @ConfigurationProperties} class the configuration metadata names
 * ({@link FerryProperties}, and an application's own, such as the Ferry app's {@code ferry.security.*}) from the
 * environment alone, as the context will bind them later: a value of the wrong type or out of its declared range
 * stops start-up here, before the context exists.
 */
final class EarlyBinding {

    private EarlyBinding() {
    }

    /** Binds every root class of {@code known}, and returns Ferry's own properties. */
    static FerryProperties bind(Environment environment, KnownProperties known, ClassLoader loader) {
        Binder binder = Binder.get(environment);
        try (ValidatorFactory validation = Validation.byDefaultProvider().configure()
                .messageInterpolator(new MessageInterpolatorFactory().getObject()).buildValidatorFactory()) {
            BindHandler validating = new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator()));
            FerryProperties ferry = bind(binder, "ferry", FerryProperties.class, validating);
            for (Map.Entry<String, String> root : known.roots().entrySet()) {
                Class<?> type = load(root.getValue(), loader);
                if (type != null && type != FerryProperties.class && boundAt(type, root.getKey())) {
                    boolean validated = MergedAnnotations.from(type).isPresent(Validated.class);
                    bind(binder, root.getKey(), type, validated ? validating : BindHandler.DEFAULT);
                }
            }
            return ferry;
        }
    }

    private static <T> T bind(Binder binder, String prefix, Class<T> type, BindHandler handler) {
        BindMethod method = BindConstructorProvider.DEFAULT.getBindConstructor(type, false) != null
                ? BindMethod.VALUE_OBJECT : BindMethod.JAVA_BEAN;
        return binder.bindOrCreate(prefix, Bindable.of(type).withBindMethod(method), handler);
    }

    /** Whether {@code type} is what the context binds at {@code prefix}, so that binding it here is the same. */
    private static boolean boundAt(Class<?> type, String prefix) {
        var annotation = MergedAnnotations.from(type).get(ConfigurationProperties.class);
        return annotation.isPresent() && prefix.equals(annotation.getString("prefix"));
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return ClassUtils.forName(name, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // Metadata of a class that is not there (a stale jar): nothing to bind.
            return null;
        }
    }
}
