package io.writeback.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.WritebackTestSupport;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Instances starting together on one database copy each store's configured mappings once, and none fails. */
class LocationMappingSeedTest extends WritebackTestSupport {

    @Autowired
    LocationMappings mappings;

    @Test
    void twoInstancesSeedingAtOnceBothStartAndEachMappingIsThereOnce() throws Exception {
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                jdbc.sql("DELETE FROM location_mapping").update();
                jdbc.sql("DELETE FROM location_mapping_seed").update();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> starts = List.of(instances.submit(() -> seed(together)),
                        instances.submit(() -> seed(together)));
                for (Future<?> start : starts) {
                    start.get();
                }
                assertThat(jdbc.sql("SELECT COUNT(*) FROM location_mapping_seed").query(Integer.class).single())
                        .isEqualTo(stores.all().size());
                assertThat(jdbc.sql("SELECT location_id FROM location_mapping WHERE store_id = 'test-shopify'"
                        + " AND warehouse_id = 'WH-A'").query(String.class).list())
                        .containsExactly("gid://shopify/Location/1");
            }
        } finally {
            instances.shutdownNow();
        }
    }

    private Void seed(CyclicBarrier together) throws Exception {
        together.await();
        mappings.seedFromConfiguration();
        return null;
    }
}
