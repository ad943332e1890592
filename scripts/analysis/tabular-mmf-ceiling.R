# Tabular ceiling check: on a cohort written by `mmf synth --no-images`, fit a clinical Cox model
# (univariable screen p < 0.1 + backward AIC) on training centres and a fused model with a stand-in deep
# score = true imaging predictor + noise (truth file; analysis only), and compare them on centre C4.
# Usage: Rscript scripts/analysis/tabular-mmf-ceiling.R COHORT_DIR [noise SD as a fraction of the predictor SD, default 0.5]
suppressMessages(library(survival))
args <- commandArgs(TRUE); dir <- args[1]; noiseFrac <- as.numeric(ifelse(length(args) > 1, args[2], "0.5"))
cl <- read.csv(file.path(dir, "clinical.csv")); oc <- read.csv(file.path(dir, "outcomes.csv")); or <- read.csv(file.path(dir, "oracle.csv"))
d <- merge(merge(cl, oc, by = "patient_id"), or, by = "patient_id")
d$log_afp <- log10(d$afp_ng_ml + 1); d$log_crp <- log10(d$crp_mg_dl + 1); d$log_nlr <- log10(d$nlr + 1)
set.seed(1)
d$sim_dl <- d$os_lp_imaging + rnorm(nrow(d), 0, noiseFrac * sd(d$os_lp_imaging))
ext <- d[d$centre == "C4", ]; dev <- d[d$centre != "C4", ]
tr <- dev[sample(nrow(dev), round(0.75 * nrow(dev))), ]
cands <- c("age_years","factor(sex)","factor(aetiology)","ecog","factor(child_pugh_class)","log_afp","log_crp","log_nlr","tumour_count","largest_diameter_cm","mvi","ehs","factor(bclc)","factor(regimen)","ici_line","prior_tace")
keep <- cands[sapply(cands, function(v) { f <- coxph(as.formula(paste("Surv(os_months, os_event) ~", v)), tr); 1 - pchisq(2 * diff(f$loglik), length(coef(f))) < 0.1 })]
full <- coxph(as.formula(paste("Surv(os_months, os_event) ~", paste(keep, collapse = "+"))), tr)
clin <- step(full, direction = "backward", trace = 0)
vars <- attr(terms(clin), "term.labels")
mmf <- coxph(as.formula(paste("Surv(os_months, os_event) ~ sim_dl +", paste(vars, collapse = "+"))), tr)
cc <- function(x) concordance(Surv(os_months, os_event) ~ x, data = ext, reverse = TRUE)$concordance
ext$p_clin <- predict(clin, ext); ext$p_mmf <- predict(mmf, ext)
cmp <- concordance(clin, mmf, newdata = ext)
dC <- cmp$concordance[2] - cmp$concordance[1]; v <- cmp$var[1,1] + cmp$var[2,2] - 2 * cmp$var[1,2]
cat(sprintf("n_ext=%d deaths=%d | oracle_clin %.3f oracle_img %.3f oracle_tot %.3f sim_dl %.3f | fitted clin %.3f mmf %.3f dC %.3f p %.4f | recov %.2f | vars %s\n",
  nrow(ext), sum(ext$os_event), cc(ext$os_lp_clinical), cc(ext$os_lp_imaging), cc(ext$os_lp_total), cc(ext$sim_dl), cmp$concordance[1], cmp$concordance[2], dC, 2 * pnorm(-abs(dC / sqrt(v))), (cmp$concordance[2] - .5) / (cc(ext$os_lp_total) - .5), paste(vars, collapse = ",")))
