package dev.baton.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One repository of a sandbox fleet ({@code baton sandbox --repos N}): a variation of the reference
 * pipeline under its own name, ids and state bucket. Index 0 is the reference repository itself,
 * unchanged (acme/sentiment-analyzer), so a single-repository sandbox and a fleet's first repository
 * are the same; the others are acme/service-001... with one of four variants (by index):
 * <ul>
 * <li>{@code reference}: the three workflows as they are;</li>
 * <li>{@code two-stage}: no preprod (Deploy to Production follows Deploy Dev directly);</li>
 * <li>{@code own-groups}: groups named after the service ({@code service-003-dev}, ...);</li>
 * <li>{@code queue-max}: production with {@code queue: max}, preprod with a dispatch-cancels rule.</li>
 * </ul>
 * State: every fifth service has a bucket of its own ({@code NAME-terraform-state}, keys {@code ENV/...});
 * the others share {@code acme-terraform-state-NN} in groups of eight, each under its own prefix
 * ({@code NAME/ENV/terraform.tfstate}), as platform teams lay out shared buckets.
 */
public record FleetRepo(int index, String owner, String name, String variant, String bucket, String prefix) {
    /** The reference repository's state bucket (settings.yml and its backend files). */
    static final String REFERENCE_BUCKET = "sentiment-analyzer-terraform-state-sandbox";
    static final List<String> VARIANTS = List.of("queue-max", "reference", "two-stage", "own-groups");
    /** The most repositories a sandbox serves: ids and names are laid out for this many. */
    public static final int MAX = 999;

    public String fullName() {
        return owner + "/" + name;
    }

    /** The first n repositories of the fleet, the reference repository first. */
    public static List<FleetRepo> fleet(int n) {
        if (n < 1 || n > MAX) throw new IllegalArgumentException("--repos takes 1.." + MAX + ", got " + n);
        List<FleetRepo> out = new ArrayList<>(n);
        out.add(new FleetRepo(0, "acme", "sentiment-analyzer", "reference", REFERENCE_BUCKET, ""));
        for (int i = 1; i < n; i++) {
            String name = String.format(Locale.ROOT, "service-%03d", i);
            boolean own = i % 5 == 0;
            String bucket = own ? name + "-terraform-state" : String.format(Locale.ROOT, "acme-terraform-state-%02d", (i - 1) / 8 + 1);
            out.add(new FleetRepo(i, "acme", name, VARIANTS.get(i % VARIANTS.size()), bucket, own ? "" : name + "/"));
        }
        return List.copyOf(out);
    }

    /** The overlays this variant applies before {@link #transform}. */
    List<String> overlays() {
        return index > 0 && variant.equals("queue-max") ? List.of("queue-max", "cancel-in-progress") : List.of();
    }

    /** Repository variables: the reference's, with this repository's bucket. */
    Map<String, Object> vars(Map<String, Object> reference) {
        Map<String, Object> v = new LinkedHashMap<>(reference);
        if (index > 0) v.put("STATE_BUCKET", bucket);
        return v;
    }

    /** The reference files (after overlays) turned into this variant's; index 0 returns them unchanged. */
    Map<String, String> transform(Map<String, String> files) {
        if (index == 0) return files;
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            String text = e.getValue().replace(REFERENCE_BUCKET, bucket);
            for (String env : List.of("dev", "preprod", "prod")) {
                text = text.replace("\"" + env + "/terraform.tfstate\"", "\"" + prefix + env + "/terraform.tfstate\"")
                        .replace("}}/" + env + "/terraform.tfstate.tflock", "}}/" + prefix + env + "/terraform.tfstate.tflock");
            }
            text = text.replace("sentiment-analyzer", name).replace("Sentiment Analyzer", name);
            out.put(e.getKey(), text);
        }
        switch (variant) {
            case "two-stage" -> {
                out.remove(".github/workflows/build-and-promote.yml");
                out.remove("infrastructure/terraform/backend-preprod.hcl");
                out.remove("infrastructure/terraform/preprod.tfvars");
                out.computeIfPresent(".github/workflows/deploy-prod.yml",
                        (p, t) -> t.replace("workflows: [Build and Promote to Preprod]", "workflows: [Deploy Dev]"));
            }
            case "own-groups" -> {
                rename(out, ".github/workflows/deploy-dev.yml", "terraform-deploy-dev", name + "-dev");
                rename(out, ".github/workflows/build-and-promote.yml", "deploy-preprod", name + "-preprod");
                rename(out, ".github/workflows/deploy-prod.yml", "deploy-production", name + "-production");
            }
            default -> {
            }
        }
        return out;
    }

    private static void rename(Map<String, String> files, String path, String group, String to) {
        files.computeIfPresent(path, (p, t) -> t.replace("group: " + group, "group: " + to));
    }

    /** Ids are laid out per repository so that runs, jobs and workflows never share one across the fleet. */
    long repoId() {
        return 7_321_001L + index;
    }

    long firstRunId() {
        return 12_000_000_001L + index * 10_000_000L;
    }

    long firstJobId() {
        return 33_000_000_001L + index * 100_000_000L;
    }

    long firstWorkflowId() {
        return 71_500_001L + index * 1_000L;
    }
}
