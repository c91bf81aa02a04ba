# Builds edge-cases.csv from appendix-a-clinic.csv and prints the R oracle values pasted into
# ExpectedOutcomesEdgeCaseTests.swift. R 4.2.2, lme4 1.1-31, glmmTMB 1.1.5 (Debian bookworm).
# Run from this folder: Rscript edge-cases.R
suppressMessages({library(lme4); library(glmmTMB)})
options(digits=12)
d <- read.csv("appendix-a-clinic.csv")
d$region <- c("back", "neck", "shoulder")[(seq_len(nrow(d)) %% 3) + 1]
d$region[d$client == "C0101"] <- "hip"                      # a region with one client
extra <- d[1:12, ]
extra$therapist <- c(rep("T7", 6), rep("T8", 5), "T9")       # 0 of 6, 5 of 5, n = 1
extra$improved  <- c(rep(0, 6), rep(1, 5), 1)
extra$client <- sprintf("E%03d", 1:12)
low <- d[2, ]; low$client <- "E013"; low$baseline <- 2; low$improved <- 1   # baseline <= 3: excluded
e <- rbind(d, extra, low)
e$final <- round(e$baseline * (1 - e$pct_change / 100), 2)
write.csv(e[, c("client", "therapist", "baseline", "chronic", "segment", "region", "attendance",
                "improved", "final")], "edge-cases.csv", row.names = FALSE, quote = FALSE)
# What Relief fits: baseline > 3; "hip" (1 client < 10) collapses to "other", which is still
# below 10 and so joins the reference level (the most frequent; ties alphabetical: "back").
f <- e[e$baseline > 3, ]
f$region[f$region == "hip"] <- "back"
f$b6 <- f$baseline - 6
f$segment <- factor(f$segment, levels = c("office", "athlete", "headache", "older"))
f$region <- factor(f$region, levels = c("back", "neck", "shoulder"))
cat("rows", nrow(f), "improved", sum(f$improved), "\n")
fm <- improved ~ b6 + chronic + segment + region
g <- glm(fm, binomial, f); print(coef(g)); print(logLik(g))
m1 <- glmer(update(fm, . ~ . + (1 | therapist)), f, binomial, nAGQ = 1)
print(fixef(m1)); print(getME(m1, "theta")); print(logLik(m1)); print(ranef(m1)$therapist)
m25 <- glmer(update(fm, . ~ . + (1 | therapist)), f, binomial, nAGQ = 25)
print(fixef(m25)); print(getME(m25, "theta")); print(logLik(m25)); print(ranef(m25)$therapist)
t1 <- glmmTMB(update(fm, . ~ . + (1 | therapist)), f, binomial)
print(fixef(t1)$cond); print(sqrt(VarCorr(t1)$cond$therapist[1])); print(logLik(t1)); print(ranef(t1)$cond$therapist)
# glmer's default PIRLS tolerance (tolPwrss = 1e-7) stops short here (T8: 5 of 5 improved): its
# Laplace logLik is 5.9e-5 below glmmTMB's. With a tight tolerance it reaches glmmTMB's maximum.
tight <- glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12, optCtrl = list(rhoend = 1e-12, maxfun = 1e5))
for (q in c(1, 25)) {
  m <- glmer(update(fm, . ~ . + (1 | therapist)), f, binomial, nAGQ = q, control = tight)
  print(fixef(m)); print(getME(m, "theta")); print(logLik(m)); print(ranef(m)$therapist[, 1])
}
# A singular GLMM: the clinic grouped by its fold id (a grouping with no real effect).
d$b6 <- d$baseline - 6
d$segment <- factor(d$segment, levels = c("office", "athlete", "headache", "older"))
s <- glmer(improved ~ b6 + chronic + segment + (1 | fold), d, binomial, nAGQ = 1)
print(getME(s, "theta")); print(fixef(s)); print(logLik(s)); print(isSingular(s))
# LMM public anchor: lme4::sleepstudy, REML.
write.csv(sleepstudy, "sleepstudy.csv", row.names = FALSE, quote = FALSE)
l <- lmer(Reaction ~ Days + (1 | Subject), sleepstudy); print(fixef(l)); print(VarCorr(l)); print(logLik(l))
print(head(ranef(l)$Subject[, 1], 3))
# LMM on the fixture's final pain: singular.
d$final <- d$baseline * (1 - d$pct_change / 100)
l2 <- lmer(final ~ b6 + chronic + segment + (1 | therapist), d); print(fixef(l2)); print(logLik(l2)); print(isSingular(l2))
