package io.ferry.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real cluster: {@code ferry.mesos.master} names its master. */
@Configuration
@ConditionalOnExpression("'${ferry.mesos.master:}' != ''")
class RemoteMasterConfiguration {

    @Bean
    MasterEndpoint masterEndpoint(FerryProperties properties) {
        return new MasterEndpoint(Urls.httpUrl("ferry.mesos.master", properties.mesos().master()), false);
    }
}
