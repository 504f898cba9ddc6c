package io.ferry.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Configuration;

/** A real cluster: {@code ferry.mesos.master} names its master. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${ferry.mesos.master:}' != ''")
class RemoteMasterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MasterEndpoint ferryMasterEndpoint(FerryProperties properties) {
        return new MasterEndpoint(Urls.httpUrl("ferry.mesos.master", properties.mesos().master()), false);
    }
}
