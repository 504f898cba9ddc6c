package io.ferry.task;

import java.io.Serializable;

/**
 * A unit of work that Ferry runs on a Mesos agent, inside Ferry's executor.
 *
 * <p>The task is serialized with Java serialization when it is submitted, so everything it reaches must be
 * {@link Serializable}. A lambda works when its target type is {@code Task}: {@code Task<Integer> t = () -> 6 * 7;}.
 * Beware of lambdas that capture {@code this} (an enclosing Spring bean, for instance): submitting them fails at
 * once with a message naming the class that is not serializable and the path that reached it.
 *
 * <p>Classes that the executor does not ship (your lambdas, your own classes) are fetched from the app over HTTP
 * the first time a task needs them.
 *
 * @param <T> the type of the result; it must be serializable too (or {@code null})
 * @since 0.1
 */
@FunctionalInterface
public interface Task<T> extends Serializable {

    /**
     * Runs the task on the agent.
     *
     * @return the result, sent back to the caller's future
     * @throws Exception any failure; it reaches the caller as a {@link TaskFailure} with the remote stack trace.
     *         Cancellation interrupts the running thread: long tasks should check {@link Thread#interrupted()}.
     */
    T run() throws Exception;
}
