package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBufferBudget;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Gives a request's share of {@code maxBufferedBytes} back when an asynchronous request ends (its body may be read by
 * the proxy servlet after the filter chain returned): on complete or error; it follows the request into a new
 * {@code startAsync}.
 */
final class ReservationRelease implements AsyncListener {

    private final BodyBufferBudget.Reservation reservation;

    private ReservationRelease(BodyBufferBudget.Reservation reservation) {
        this.reservation = reservation;
    }

    /** Closes {@code reservation} when {@code context} ends. */
    static void when(AsyncContext context, BodyBufferBudget.Reservation reservation) {
        try {
            context.addListener(new ReservationRelease(reservation));
        } catch (IllegalStateException e) {
            // Already completing: nothing holds the body any longer.
            reservation.close();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        reservation.close();
    }

    @Override
    public void onError(AsyncEvent event) {
        reservation.close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // onComplete follows once the request ends.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        AsyncContext next = event.getAsyncContext();
        if (next != null) {
            next.addListener(this);
        }
    }
}
