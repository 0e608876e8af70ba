package healthcheck.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

/**
 * docker/Dockerfile as Docker reads it: comment lines dropped, continuation lines joined, one instruction per entry,
 * grouped into build stages. The image tests take their commands from here, so they run what the image runs.
 */
final class DockerfileModel {

    static final Path FILE = ServiceConfig.ROOT.resolve("docker/Dockerfile");

    record Instruction(String keyword, String arguments) {

        /** The arguments of an exec-form instruction (a JSON array), e.g. ENTRYPOINT ["java", "-jar", "x.jar"]. */
        List<String> execForm() {
            return execArray(arguments);
        }
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        }

        String workdir() {
            return last("WORKDIR").map(Instruction::arguments).orElse("/");
        }
    }

    /** One shell command of a RUN instruction, split into words, its double quotes removed. */
    record ShellCommand(List<String> words) {

        /** The words from {@code java} on: the JVM's command line. */
        List<String> javaCommandLine() {
            int java = words.indexOf("java");
            if (java < 0) {
                throw new IllegalStateException("no java in " + words);
            }
            return words.subList(java, words.size());
        }

        /** VAR=value words in front of the command: the environment the shell gives it. */
        List<String> environmentAssignments() {
            return words.stream().takeWhile(word -> word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).toList();
        }

        /** The value of an option written as {@code --name=value} or {@code --name value}, if present. */
        Optional<String> option(String name) {
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).startsWith(name + "=")) {
                    return Optional.of(words.get(i).substring(name.length() + 1));
                }
                if (words.get(i).equals(name) && i + 1 < words.size()) {
                    return Optional.of(words.get(i + 1));
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern INSTRUCTION = Pattern.compile("(?s)([A-Za-z]+)\\s+(.*)");
    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

    private final List<Stage> stages;

    private DockerfileModel(List<Stage> stages) {
        this.stages = stages;
    }

    static DockerfileModel read() {
        try {
            return parse(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DockerfileModel parse(String text) {
        List<String> logicalLines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            // Docker drops comment lines before it joins continuations, even in the middle of a RUN
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                logicalLines.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            logicalLines.add(current.toString().strip());
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> instructions = null;
        for (String line : logicalLines) {
            Matcher matcher = INSTRUCTION.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not an instruction: " + line);
            }
            Instruction instruction = new Instruction(matcher.group(1).toUpperCase(Locale.ROOT), matcher.group(2).strip());
            if (instruction.keyword().equals("FROM")) {
                Matcher from = FROM.matcher(instruction.arguments());
                if (!from.matches()) {
                    throw new IllegalArgumentException("unreadable FROM: " + line);
                }
                instructions = new ArrayList<>();
                stages.add(new Stage(from.group(1), from.group(2), instructions));
            } else if (instructions != null) {
                instructions.add(instruction);
            } else if (!instruction.keyword().equals("ARG")) {
                throw new IllegalArgumentException(instruction.keyword() + " before the first FROM");
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM in the Dockerfile");
        }
        return new DockerfileModel(List.copyOf(stages));
    }

    List<Stage> stages() {
        return stages;
    }

    Stage finalStage() {
        return stages.getLast();
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no stage named " + name));
    }

    /** The stage the final stage copies the extracted jar from. */
    Stage extractStage() {
        return stage(layerCopies().getFirst().fromStage());
    }

    /** A COPY --from=stage source destination of the final stage. */
    record LayerCopy(String fromStage, String source, String destination) {
    }

    List<LayerCopy> layerCopies() {
        List<LayerCopy> copies = new ArrayList<>();
        for (Instruction copy : finalStage().all("COPY")) {
            List<String> words = Arrays.asList(copy.arguments().split("\\s+"));
            String from = words.stream().filter(w -> w.startsWith("--from=")).findFirst()
                    .map(w -> w.substring("--from=".length())).orElse(null);
            List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
            if (from != null && paths.size() == 2) {
                copies.add(new LayerCopy(from, paths.get(0), paths.get(1)));
            }
        }
        return copies;
    }

    /** The shell commands of a RUN instruction ({@code ;} or {@code &&} separated), each split into words. */
    static List<ShellCommand> shellCommands(Instruction run) {
        List<ShellCommand> commands = new ArrayList<>();
        for (String command : run.arguments().split(";|&&")) {
            List<String> words = Arrays.stream(command.strip().split("\\s+"))
                    .filter(word -> !word.isEmpty())
                    .map(word -> word.replace("\"", ""))
                    .toList();
            if (!words.isEmpty() && !words.equals(List.of("set", "-eu"))) {
                commands.add(new ShellCommand(words));
            }
        }
        return commands;
    }

    /** The one command in the given stage's RUN instructions that contains {@code marker}. */
    static ShellCommand commandContaining(Stage stage, String marker) {
        List<ShellCommand> found = stage.all("RUN").stream()
                .flatMap(run -> shellCommands(run).stream())
                .filter(command -> command.words().stream().anyMatch(word -> word.contains(marker)))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one command with " + marker + ", found " + found);
        }
        return found.getFirst();
    }

    /** The index of the instruction within its stage, to check what comes before what. */
    static int indexOf(Stage stage, Instruction instruction) {
        for (int i = 0; i < stage.instructions().size(); i++) {
            if (stage.instructions().get(i) == instruction) {
                return i;
            }
        }
        throw new IllegalArgumentException(instruction + " is not in the stage");
    }

    /** The value of {@code -XX:Name=value} in a JVM command line, if present. */
    static Optional<String> jvmOption(List<String> commandLine, String name) {
        return commandLine.stream().filter(word -> word.startsWith(name + "="))
                .map(word -> word.substring(name.length() + 1)).findFirst();
    }

    /**
     * A JSON array of strings, read strictly: Docker runs an ENTRYPOINT, CMD or HEALTHCHECK whose array is not valid
     * JSON through a shell instead, without a word of warning.
     */
    @SuppressWarnings("unchecked")
    static List<String> execArray(String json) {
        Object parsed;
        try {
            parsed = new JSONParser(JSONParser.MODE_RFC4627).parse(json.strip());
        } catch (ParseException e) {
            throw new IllegalArgumentException("not exec form (a JSON array): " + json, e);
        }
        if (!(parsed instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("not a JSON array of strings: " + json);
        }
        return List.copyOf((List<String>) list);
    }
}
