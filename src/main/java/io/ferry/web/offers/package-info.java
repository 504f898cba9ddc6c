/**
 * The offers page ({@code /offers}) and {@code GET /api/offers}: the offers the scheduler holds now and what became
 * of the last few hundred, read from the scheduler's published views.
 */
package io.ferry.web.offers;
