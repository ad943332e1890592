# Could a better image model make MMF beat the clinical benchmark on this cohort? Adds three handcrafted,
# liver-referenced measurements of the generator's image-only traits (from trait-visibility.mjs: arterial
# HU of the one-voxel ring outside the tumour minus liver = rim; SD of the viable tumour = heterogeneity;
# viable tumour minus liver = APHE), each standardised within centre, to a Cox model with the study's
# clinical benchmark score (and its Ensemble-DL score), fitted on the training split, compared with the
# clinical benchmark on the external-test split (survival::concordance on both, paired variance of the
# difference). The truth file is read only to report how well the measurements see the traits.
# Analysis only; nothing in src/ reads the truth file.
# Usage: node scripts/analysis/trait-visibility.mjs COHORT_DIR 100000 all > vis.csv   (or central3)
#        Rscript scripts/analysis/handcrafted-image-ceiling.R STUDY_DIR COHORT_DIR vis.csv
suppressMessages(library(survival))
args <- commandArgs(TRUE)
study <- args[1]; cohort <- args[2]; vis <- args[3]
p <- read.csv(file.path(study, "results", "predictions.csv"))
p <- p[p$outcome == "os" & p$model %in% c("clinical", "imaging"), c("model", "patient_id", "split", "risk")]
w <- reshape(p, idvar = c("patient_id", "split"), timevar = "model", direction = "wide")
names(w) <- sub("^risk\\.", "", names(w))
oc <- read.csv(file.path(cohort, "outcomes.csv")); or <- read.csv(file.path(cohort, "oracle.csv"))
cl <- read.csv(file.path(cohort, "clinical.csv"))[, c("patient_id", "centre")]
v <- read.csv(vis)[, c("patient_id", "viable_sd", "ring_minus_liver", "tumour_art_minus_liver")]
d <- Reduce(function(a, b) merge(a, b, by = "patient_id"), list(w, oc, or[, c("patient_id", "rim_enhancement", "heterogeneity")], cl, v))
z <- function(x) ave(x, d$centre, FUN = function(y) (y - mean(y)) / sd(y))
d$ring <- z(d$ring_minus_liver); d$tex <- z(d$viable_sd); d$enh <- z(d$tumour_art_minus_liver)
tr <- d[d$split == "training", ]; ex <- d[d$split == "external_test", ]
cat(sprintf("training %d, external %d (%d deaths); external: C(rim ~ ring) %.3f, Spearman(heterogeneity, viable SD) %.2f\n",
  nrow(tr), nrow(ex), sum(ex$os_event), concordance(rim_enhancement ~ ring, ex)$concordance, cor(ex$heterogeneity, ex$tex, method = "spearman")))
base <- coxph(Surv(os_months, os_event) ~ clinical, tr)
for (rhs in c("clinical + imaging", "clinical + ring + tex + enh", "clinical + imaging + ring + tex + enh")) {
  f <- coxph(as.formula(paste("Surv(os_months, os_event) ~", rhs)), tr)
  cmp <- concordance(base, f, newdata = ex)
  dC <- cmp$concordance[2] - cmp$concordance[1]; se <- sqrt(cmp$var[1, 1] + cmp$var[2, 2] - 2 * cmp$var[1, 2])
  cat(sprintf("%-40s external C %.3f (clinical %.3f), difference %+.3f, p %.3f\n", rhs, cmp$concordance[2], cmp$concordance[1], dC, 2 * pnorm(-abs(dC / se))))
}
