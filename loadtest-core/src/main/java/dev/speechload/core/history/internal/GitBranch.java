package dev.speechload.core.history.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The branch a run came from: CI's variable where one is set (a detached checkout knows no branch),
 * else what {@code .git/HEAD} names (worktrees included). Stateless.
 */
public final class GitBranch {

    private GitBranch() {}

    /** The branch, or null when neither CI nor {@code root/.git} names one (detached HEAD, no git). */
    public static String of(Path root, Map<String, String> env) {
        for (String key : new String[] {"GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BRANCH_NAME"}) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        try {
            Path git = root.resolve(".git");
            if (Files.isRegularFile(git)) {
                String pointer = Files.readString(git).trim();
                if (!pointer.startsWith("gitdir:")) {
                    return null;
                }
                git = root.resolve(pointer.substring("gitdir:".length()).trim());
            }
            Path head = git.resolve("HEAD");
            if (!Files.isRegularFile(head)) {
                return null;
            }
            String text = Files.readString(head).trim();
            String prefix = "ref: refs/heads/";
            return text.startsWith(prefix) ? text.substring(prefix.length()) : null;
        } catch (IOException | RuntimeException e) {
            return null; // the branch is a label: a tree we cannot read just has none
        }
    }
}
