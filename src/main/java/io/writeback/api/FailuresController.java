package io.writeback.api;

import io.writeback.channel.Channel;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/failures}: failed shipments grouped by cause, biggest first, each with its fix. */
@RestController
class FailuresController {

    private final FailureCauses causes;

    FailuresController(FailureCauses causes) {
        this.causes = causes;
    }

    @GetMapping("/api/failures")
    List<FailureCauses.Cause> causes(@RequestParam(required = false) String channel,
                                     @RequestParam(required = false) String storeId) {
        if (channel != null && Channel.fromCode(channel).isEmpty()) {
            throw ApiException.badRequest("channel", "channel must be one of " + Channel.codes());
        }
        return causes.find(channel, storeId == null || storeId.isBlank() ? null : storeId);
    }
}
