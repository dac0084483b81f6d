package com.authledger.web;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * One handler lookup per request, not two. When Spring MVC is present, Spring Security puts a filter in front of its
 * chains that looks up the MVC handler of every request in advance ({@link HandlerMappingIntrospector#createCacheFilter}),
 * for the benefit of MVC-aware request matchers and handler-level CORS. authledger uses neither: its matchers are
 * plain path patterns and its one CORS source is its own ({@link SecurityConfiguration}). The advance lookup then only
 * repeats the dispatcher's own, which for a path with a variable (every pool's path) tests the request against every
 * mapping; measured, it was 4 to 8 % of the service's time in sign-in. The introspector keeps everything else it
 * does; only its cache filter becomes a pass-through, so any later use of it would look up uncached, not wrongly.
 */
@Configuration(proxyBeanMethods = false)
class HandlerLookupConfiguration {

    /** The bean Spring MVC registers the introspector under, which Spring Security's cache filter is built from. */
    static final String INTROSPECTOR = "mvcHandlerMappingIntrospector";

    @Bean
    static BeanPostProcessor noAdvanceHandlerLookup(ApplicationContext context) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!INTROSPECTOR.equals(name) || !(bean instanceof HandlerMappingIntrospector)
                        || bean instanceof WithoutAdvanceLookup) {
                    return bean;
                }
                WithoutAdvanceLookup replacement = new WithoutAdvanceLookup();
                replacement.setApplicationContext(context);
                replacement.afterPropertiesSet();
                return replacement;
            }
        };
    }

    /** The introspector, whose cache filter passes the request on without looking its handler up. */
    static final class WithoutAdvanceLookup extends HandlerMappingIntrospector {
        @Override
        public Filter createCacheFilter() {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
    }
}
