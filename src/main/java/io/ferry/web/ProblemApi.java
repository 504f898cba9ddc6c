package io.ferry.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JSON API controller whose errors {@link ApiErrors} answers as {@code application/problem+json}: a
 * {@link BadRequestException} as a 400 naming the field, a {@link NotFoundException} as a 404.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemApi {
}
