package dev.baton.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Terraform's and Go's exact texts, as the simulated Terraform prints and writes them: error blocks, the
 * AWS SDK for Go's error text, Go's time and duration formats, JSON.
 */
final class TerraformText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    static final String LOCK_HELP = """
            Terraform acquires a state lock to protect the state from being written
            by multiple users at the same time. Please resolve the issue above and try
            again. For most commands, you can disable locking with the "-lock=false"
            flag, but this is not recommended.""";

    private TerraformText() {
    }

    /** terraform init's output. */
    static List<String> initLines(boolean backendConfigured) {
        List<String> out = new ArrayList<>();
        out.add("Initializing the backend...");
        if (backendConfigured) {
            out.add("");
            out.add("Successfully configured the backend \"s3\"! Terraform will automatically");
            out.add("use this backend unless the backend configuration changes.");
        }
        out.add("Initializing provider plugins...");
        out.add("- Reusing previous version of hashicorp/aws from the dependency lock file");
        out.add("- Installing hashicorp/aws v5.82.2...");
        out.add("- Installed hashicorp/aws v5.82.2 (signed by HashiCorp)");
        out.add("");
        out.add("Terraform has been successfully initialized!");
        return out;
    }

    /** The plan of the sandbox's one change: the lambda's code hash, from the run's commit. */
    static List<String> planLines(String env, String fn, String id, String headSha) {
        return List.of(
                "aws_iam_role.lambda: Refreshing state... [id=sentiment-analyzer-" + env + "-lambda]",
                fn + ": Refreshing state... [id=" + id + "]",
                "",
                "Terraform used the selected providers to generate the following execution",
                "plan. Resource actions are indicated with the following symbols:",
                "  ~ update in-place",
                "",
                "Terraform will perform the following actions:",
                "",
                "  # " + fn + " will be updated in-place",
                "  ~ resource \"aws_lambda_function\" \"analyzer\" {",
                "      ~ source_code_hash = \"" + headSha.substring(0, 12) + "\" -> (known after apply)",
                "        id               = \"" + id + "\"",
                "        # (24 unchanged attributes hidden)",
                "    }",
                "",
                "Plan: 0 to add, 1 to change, 0 to destroy.");
    }

    /** "Error acquiring the state lock", with the holder's LockInfo when another holds it. */
    static List<String> lockError(String error, Map<String, String> existing) {
        List<String> body = new ArrayList<>();
        List<String> errLines = List.of(error.split("\n"));
        body.add("Error message: " + errLines.get(0));
        body.addAll(errLines.subList(1, errLines.size()));
        if (existing != null) {
            body.add("Lock Info:");
            body.add("  ID:        " + existing.getOrDefault("ID", ""));
            body.add("  Path:      " + existing.getOrDefault("Path", ""));
            body.add("  Operation: " + existing.getOrDefault("Operation", ""));
            body.add("  Who:       " + existing.getOrDefault("Who", ""));
            body.add("  Version:   " + existing.getOrDefault("Version", ""));
            body.add("  Created:   " + goDefaultTime(existing.getOrDefault("Created", "")));
            body.add("  Info:      " + existing.getOrDefault("Info", ""));
            body.add("");
        }
        body.add("");
        body.addAll(LOCK_HELP.lines().toList());
        return errorBlock("Error acquiring the state lock", body);
    }

    /** The AWS SDK for Go's error text, which is what Terraform shows after "Error message:". */
    static String goError(String operation, S3Exception ex) {
        String code = ex.awsErrorDetails() == null ? "" : String.valueOf(ex.awsErrorDetails().errorCode());
        String msg = ex.awsErrorDetails() == null ? ex.getMessage() : String.valueOf(ex.awsErrorDetails().errorMessage());
        if (ex.statusCode() == 412 && (msg == null || msg.equals("null"))) msg = "At least one of the pre-conditions you specified did not hold";
        return "operation error S3: " + operation + ", https response error StatusCode: " + ex.statusCode()
                + ", RequestID: " + nz(ex.requestId()) + ", HostID: " + nz(ex.extendedRequestId())
                + ", api error " + code + ": " + msg;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static List<String> errorBlock(String title, List<String> body) {
        List<String> out = new ArrayList<>();
        out.add("╷");
        out.add("│ Error: " + title);
        out.add("│ ");
        for (String l : body) out.add("│ " + l);
        out.add("╵");
        return out;
    }

    /** Terraform's block when the release of its lock fails. */
    static List<String> unlockError(String message) {
        List<String> body = new ArrayList<>();
        body.add("Error message: " + message);
        body.add("");
        body.add("Terraform acquired a lock on the state for you, but there was an error");
        body.add("releasing that lock. The lock may still be held: run \"terraform force-unlock\"");
        body.add("once you are sure no other operation is using this state.");
        return errorBlock("Error releasing the state lock", body);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter GO_DEFAULT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Go's time.RFC3339Nano in UTC: up to nine fractional digits, trailing zeros dropped. */
    static String rfc3339Nano(Instant t) {
        LocalDateTime l = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        return SECONDS.format(l) + fraction(t.getNano()) + "Z";
    }

    /** Go's default time format of an RFC 3339 text: "2026-11-26 14:03:01.123456789 +0000 UTC". */
    static String goDefaultTime(String rfc3339) {
        try {
            Instant t = Instant.parse(rfc3339);
            return GO_DEFAULT.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + fraction(t.getNano()) + " +0000 UTC";
        } catch (RuntimeException ex) {
            return rfc3339;
        }
    }

    private static String fraction(int nanos) {
        if (nanos == 0) return "";
        String f = String.format("%09d", nanos);
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') end--;
        return "." + f.substring(0, end);
    }

    /** Go's time.ParseDuration subset: "5m", "300s", "1m30s", "1h", "0". */
    static Duration goDuration(String text) {
        String t = text.strip().replace("\"", "").replace("'", "");
        if (t.equals("0")) return Duration.ZERO;
        Matcher m = GO_DURATION.matcher(t);
        Duration d = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            double v = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "ns" -> (long) v;
                case "us", "µs" -> (long) (v * 1_000);
                case "ms" -> (long) (v * 1_000_000);
                case "s" -> (long) (v * 1_000_000_000L);
                case "m" -> (long) (v * 60_000_000_000L);
                default -> (long) (v * 3_600_000_000_000L);
            };
            d = d.plusNanos(nanos);
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        return d;
    }
}
