package io.ferry.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** A real cluster: {@code ferry.mesos.master} names its master. */
@Configuration(proxyBeanMethods = false)
@Conditional(MasterConfigured.Remote.class)
class RemoteMasterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MasterEndpoint ferryMasterEndpoint(FerryProperties properties) {
        return new MasterEndpoint(Urls.httpUrl("ferry.mesos.master", properties.mesos().master()), false);
    }
}
