package io.ferry.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether {@code ferry.mesos.master} names a master: an unset or blank value means local mode. Read as a plain
 * property, not put into a SpEL expression, so that no URL can break the condition's parsing.
 */
final class MasterConfigured {

    static final String PROPERTY = "ferry.mesos.master";

    private MasterConfigured() {
    }

    static boolean in(ConditionContext context) {
        return StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY));
    }

    /** Matches when a master is configured: a real cluster. */
    static final class Remote extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return in(context) ? ConditionOutcome.match(PROPERTY + " is set")
                    : ConditionOutcome.noMatch(PROPERTY + " is not set");
        }
    }

    /** Matches when no master is configured: local mode. */
    static final class Local extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return in(context) ? ConditionOutcome.noMatch(PROPERTY + " is set")
                    : ConditionOutcome.match(PROPERTY + " is not set: local mode");
        }
    }
}
