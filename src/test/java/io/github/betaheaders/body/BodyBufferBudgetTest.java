package io.github.betaheaders.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyBufferBudgetTest {

    @Test
    void growthsPastTheBoundAreRefusedAndClosingGivesTheBytesBack() {
        BodyBufferBudget budget = new BodyBufferBudget(100);
        BodyBufferBudget.Reservation a = budget.open();
        BodyBufferBudget.Reservation b = budget.open();
        assertTrue(a.growTo(60));
        assertTrue(a.growTo(40), "shrinking is a no-op");
        assertFalse(b.growTo(41));
        assertEquals(1, budget.refusals());
        assertTrue(b.growTo(40));
        assertEquals(100, budget.inUse());
        a.close();
        a.close();
        assertEquals(40, budget.inUse());
        assertFalse(a.growTo(70), "a closed reservation does not grow");
        b.close();
        assertEquals(0, budget.inUse());
        assertEquals(100, budget.peak());
    }

    @Test
    void underContentionTheBoundHolds() throws Exception {
        BodyBufferBudget budget = new BodyBufferBudget(10_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        try (BodyBufferBudget.Reservation r = budget.open()) {
                            r.growTo(1000);
                            r.growTo(3000);
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, budget.inUse());
        assertTrue(budget.peak() <= 10_000, "peak " + budget.peak());
    }
}
