package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ferry.api.TaskService;
import io.ferry.samples.Batch;
import io.ferry.scheduler.TaskHistory;
import io.ferry.scheduler.TaskQuery;
import io.ferry.scheduler.TaskView;
import io.ferry.web.live.LiveFeed;
import io.ferry.web.tasks.TaskPageBeans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The launch form of the overview page (POST /samples): every field, a message beside each bad value and a 400, a
 * good launch going on to its batch, and only for the operator.
 */
@WebMvcTest(controllers = DashboardController.class, includeFilters = {
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = TaskPageBeans.SECURITY),
        // The overview renders the live feed's figures on the server too.
        @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = LiveFeed.class)})
@Import(TaskPageBeans.class)
class LaunchFormTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class History {
        @Bean
        TaskHistory history() {
            return TaskHistory.create(100);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    TaskService tasks;

    private static MockHttpServletRequestBuilder form(String body) {
        return post("/samples").contentType(MediaType.APPLICATION_FORM_URLENCODED).content(body)
                .accept(MediaType.TEXT_HTML);
    }

    @Test
    void theFormHasEveryField() throws Exception {
        String html = mvc.perform(get("/")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(html).contains("id=\"sample-form\"")
                .contains("name=\"kind\"", "name=\"count\"", "name=\"samples\"", "name=\"seconds\"", "name=\"cpus\"",
                        "name=\"mem\"", "name=\"retries\"")
                .containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"");
    }

    @Test
    void eachBadValueIsNamedBesideItsFieldWithA400() throws Exception {
        int before = tasks.tasks().size();
        String html = mvc.perform(form("kind=hello&count=0&cpus=0&mem=0.5&retries=101")
                        .with(csrf()).with(user("operator").roles("OPERATOR")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(html)
                .containsPattern("name=\"cpus\" value=\"0\\.0\" class=\"invalid\">\\s*"
                        + "<span class=\"field-error\">must be between 0.01 and 64</span>")
                .contains("<span class=\"field-error\">must be between 1 and 65536 (MiB)</span>")
                .contains("<span class=\"field-error\">must be between 0 and 100</span>")
                .contains("<span class=\"field-error\">must be between 1 and 10000</span>")
                .contains("<li>cpus: must be between 0.01 and 64</li>")
                .contains("id=\"sample-form\"");
        assertThat(tasks.tasks()).hasSize(before);
    }

    /** A value that is no number stops the request from being built at all: that field is named. */
    @Test
    void aValueThatIsNoNumberIsNamed() throws Exception {
        int before = tasks.tasks().size();
        String html = mvc.perform(form("kind=hello&mem=lots").with(csrf()).with(user("operator").roles("OPERATOR")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(html).containsPattern("name=\"mem\" value=\"\" class=\"invalid\">\\s*"
                        + "<span class=\"field-error\">must be a number</span>")
                .contains("<li>mem: must be a number</li>");
        assertThat(tasks.tasks()).hasSize(before);
    }

    @Test
    void aGoodLaunchGoesOnToItsBatchWithTheRequestedResources() throws Exception {
        mvc.perform(form("kind=hello&count=2&cpus=0.25&mem=48&retries=1").with(csrf())
                        .with(user("operator").roles("OPERATOR")))
                .andExpect(status().isFound())
                .andExpect(redirectedUrlPattern("/tasks?batch=b*"))
                .andExpect(flash().attribute("message",
                        org.hamcrest.Matchers.matchesPattern("Launched 2 hello task\\(s\\) as batch b\\d+")));
        TaskView launched = tasks.tasks(new TaskQuery(Set.of(), Batch.LABEL + "=b", null, null, 0, 10)).items()
                .get(0);
        assertThat(launched.name()).isEqualTo("sample-hello");
        assertThat(launched.labels()).containsKeys("batch", "sample");
        assertThat(launched.options().cpus()).isEqualTo(0.25);
        assertThat(launched.options().memMb()).isEqualTo(48);
        assertThat(launched.options().maxRetries()).isEqualTo(1);
    }

    @Test
    void launchingNeedsTheOperatorAndTheToken() throws Exception {
        mvc.perform(form("kind=hello").with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(form("kind=hello").with(user("operator").roles("OPERATOR"))).andExpect(status().isForbidden());
    }
}
