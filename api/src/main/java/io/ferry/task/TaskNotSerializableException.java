package io.ferry.task;

import java.io.Serial;

/**
 * Thrown at submit when a task, or something it reaches, cannot be serialized. The message names the class that is
 * not serializable and the path from the task to it, e.g. {@code task -> capturedArg[0] (com.example.ReportService)}.
 *
 * @since 0.1
 */
public class TaskNotSerializableException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String offendingClass;
    private final String path;

    public TaskNotSerializableException(String offendingClass, String path, Throwable cause) {
        super("task is not serializable: " + offendingClass + " does not implement java.io.Serializable; reached by "
                + path + ". Make it Serializable, mark the field transient, or do not capture it"
                + " (a lambda written in an instance method captures 'this' when it uses a field or method of it)",
                cause);
        this.offendingClass = offendingClass;
        this.path = path;
    }

    /** The name of the class that is not serializable. */
    public String offendingClass() {
        return offendingClass;
    }

    /** The path of fields from the task to the offending object. */
    public String path() {
        return path;
    }
}
