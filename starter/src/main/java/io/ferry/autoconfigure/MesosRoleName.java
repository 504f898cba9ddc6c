package io.ferry.autoconfigure;

import java.util.Optional;

/**
 * The rules a Mesos 1.11 master applies to a role name (docs/mesos-notes.md §13). A master refuses the
 * subscription of a framework whose role breaks one of them, so Ferry refuses to start with it instead of retrying
 * a subscription that can never succeed.
 */
final class MesosRoleName {

    /** Whitespace as Mesos counts it (tab, line feed, vertical tab, form feed, carriage return, space), and DEL. */
    private static final String FORBIDDEN = "\t\n\u000B\f\r \u007F";

    private MesosRoleName() {
    }

    /** Why {@code role} is not a role name a master accepts, or empty if it is one. */
    static Optional<String> problem(String role) {
        if (role.equals("*")) {
            return Optional.empty();
        }
        if (role.isEmpty()) {
            return Optional.of("must not be empty");
        }
        for (char c : role.toCharArray()) {
            if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("must not contain whitespace or DEL (Mesos role names are directory names)");
            }
        }
        if (role.startsWith("/") || role.endsWith("/") || role.contains("//")) {
            return Optional.of("'/' only separates the parts of a hierarchical role (eng/frontend): it must not"
                    + " start or end the name or appear twice in a row");
        }
        for (String part : role.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                return Optional.of("must not be '.' or '..', nor have them as a part");
            }
            if (part.equals("*")) {
                return Optional.of("'*' is a role only on its own, never a part of one");
            }
            if (part.startsWith("-")) {
                return Optional.of("must not start with '-' (nor may any part of a hierarchical role)");
            }
        }
        return Optional.empty();
    }
}
