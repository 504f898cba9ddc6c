package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mesos' role name rules (docs/mesos-notes.md §13): what a 1.11 master accepts is accepted, nothing else. */
class MesosRoleNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"*", "ferry", "eng/frontend", "eng/frontend/web", ".hidden", "a..b", "team-x", "x-",
            "ops_1", "dev.ops", "é"})
    void namesAMasterAccepts(String role) {
        assertThat(MesosRoleName.problem(role)).as(role).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "-x", "eng/-x", "a b", "a\tb", "a\nb", "a\u000Bb", "a\fb", "a\rb",
            "a\u007Fb", "/eng", "eng/", "eng//web", "eng/./web", "eng/../web", "eng/*", "*/eng"})
    void namesAMasterRefuses(String role) {
        assertThat(MesosRoleName.problem(role)).as("'%s'", role).isPresent();
    }
}
