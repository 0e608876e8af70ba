package healthcheck.platform.web;

import healthcheck.platform.inbox.DeadLetterDesk;
import healthcheck.platform.inbox.DeadLetterDesk.Letter;
import healthcheck.platform.inbox.DeadLetterDesk.Replayed;
import healthcheck.platform.inbox.DeadLetterDesk.Waiting;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter tools of every service that consumes events, for the clinic's operators and their tools only
 * (role {@code OPERATOR} or scope {@code dead-letters}, in {@code PlatformSecurityAutoConfiguration}):
 * {@code GET /dead-letters} lists what waits on its dead-letter topics with the reason each was parked,
 * {@code POST /dead-letters/replay} sends each back to the topic it came from once the cause is fixed. Both take
 * {@code ?topic=} to keep to one topic (a topic this service does not consume from holds none of its letters). JSON
 * for programs; {@code Accept: text/plain} gives one line per letter for a terminal ({@code bin/stack dlq}). The
 * gateway does not route it: it is asked at the service itself.
 */
@RestController
@Validated
@RequestMapping("/dead-letters")
public class DeadLetterController {

    private static final String TOPIC_NAME = "[A-Za-z0-9._-]{1,249}";

    private final DeadLetterDesk desk;

    public DeadLetterController(DeadLetterDesk desk) {
        this.desk = desk;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Waiting waiting(@RequestParam(required = false) @Pattern(regexp = TOPIC_NAME) String topic,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return desk.waiting(Optional.ofNullable(topic), limit);
    }

    @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
    String waitingAsText(@RequestParam(required = false) @Pattern(regexp = TOPIC_NAME) String topic,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        Waiting waiting = desk.waiting(Optional.ofNullable(topic), limit);
        StringBuilder text = new StringBuilder();
        waiting.letters().forEach(letter -> text.append(line(letter)).append('\n'));
        if (waiting.waiting() > waiting.letters().size()) {
            text.append("… and ").append(waiting.waiting() - waiting.letters().size()).append(" more\n");
        }
        return text.append(waiting.waiting()).append(" dead letters waiting\n").toString();
    }

    @PostMapping(path = "/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    Replayed replay(@RequestParam(required = false) @Pattern(regexp = TOPIC_NAME) String topic) {
        return desk.replay(Optional.ofNullable(topic));
    }

    @PostMapping(path = "/replay", produces = MediaType.TEXT_PLAIN_VALUE)
    String replayAsText(@RequestParam(required = false) @Pattern(regexp = TOPIC_NAME) String topic) {
        Replayed replayed = desk.replay(Optional.ofNullable(topic));
        StringBuilder text = new StringBuilder();
        replayed.replayed().forEach(letter -> text.append(line(letter)).append('\n')
                .append("  replayed to ").append(letter.originalTopic()).append('\n'));
        replayed.notReplayed().forEach(letter -> text.append(line(letter)).append('\n')
                .append("  not replayed: it does not say which topic it came from; it and the letters after it ")
                .append("in its partition keep waiting\n"));
        return text.append(replayed.replayed().size()).append(" dead letters replayed\n").toString();
    }

    private static String line(Letter letter) {
        return "%s %d@%d  %s  key=%s type=%s  %s: %s".formatted(letter.topic(), letter.partition(), letter.offset(),
                letter.parkedAt(), letter.key(), letter.eventType(), letter.kind(), letter.reason());
    }
}
