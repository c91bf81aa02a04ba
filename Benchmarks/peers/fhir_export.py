#!/usr/bin/env python3
"""Writes a synthetic FHIR R4 export twice: as FHIR Bulk Data NDJSON (what an EHR's `$export`
writes: one resource a line, files split by type and numbered) and as one Bundle holding the
same resources, for `Benchmarks/run --only fhir` (docs/performance.md).

Usage: fhir_export.py OUT RESOURCES

OUT/bulk/Patient-1.ndjson, Encounter-1.ndjson, Encounter-2.ndjson, Observation-1.ndjson …
(250,000 lines a file at most, as bulk exports split them) and OUT/bundle.json. Each patient has 16
weekly encounters with a pain score before (08:55) and after (end) each, and one check-in pain
score between visits: 50 resources a patient, so RESOURCES = 1,000,000 gives 20,000 patients,
320,000 sessions and 20,000 check-ins. Seeded, so the bytes are the same every run. Streamed:
the script's memory does not grow with RESOURCES.
"""
import datetime, json, os, random, sys

LOINC_PAIN = {"system": "http://loinc.org", "code": "72514-3",
              "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
SPLIT = 250_000


def resources(patients, rng):
    """Yields (type, resource) in export order: patients, then encounters, then observations."""
    start = datetime.date(2026, 1, 5)
    for p in range(patients):
        yield "Patient", {"resourceType": "Patient", "id": f"P{p}", "meta": {"versionId": "1"},
                          "name": [{"use": "official", "family": f"Family{p}", "given": [f"Given{p}"]}],
                          "gender": "female" if p % 2 else "male", "birthDate": f"{1950 + p % 50}-0{1 + p % 9}-1{p % 10}"}
    for p in range(patients):
        for k in range(16):
            day = start + datetime.timedelta(days=7 * k + p % 5)
            yield "Encounter", {"resourceType": "Encounter", "id": f"E{p}-{k}", "status": "finished",
                                "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                                "subject": {"reference": f"Patient/P{p}"},
                                "period": {"start": f"{day}T09:00:00+01:00", "end": f"{day}T10:00:00+01:00"}}
    for p in range(patients):
        pain = rng.randint(4, 9)
        for k in range(16):
            day = start + datetime.timedelta(days=7 * k + p % 5)
            before, after = pain, max(0, pain - rng.randint(0, 4))
            for suffix, time, value in (("b", "08:55", before), ("a", "10:00", after)):
                yield "Observation", observation(f"O{p}-{k}-{suffix}", p, f"{day}T{time}:00+01:00", value, f"E{p}-{k}")
            pain = max(0, min(10, pain + rng.randint(-2, 1)))
        day = start + datetime.timedelta(days=7 * 16 + 3 + p % 5)
        yield "Observation", observation(f"O{p}-checkin", p, f"{day}T20:00:00+01:00", pain, None)


def observation(oid, p, when, value, encounter):
    o = {"resourceType": "Observation", "id": oid, "status": "final",
         "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                   "code": "survey"}]}],
         "code": {"coding": [LOINC_PAIN]}, "subject": {"reference": f"Patient/P{p}"}}
    if encounter:
        o["encounter"] = {"reference": f"Encounter/{encounter}"}
    o["effectiveDateTime"] = when
    o["valueQuantity"] = {"value": value, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"}
    return o


def main():
    out, total = sys.argv[1], int(sys.argv[2])
    patients = max(1, total // 50)
    bulk = os.path.join(out, "bulk")
    os.makedirs(bulk, exist_ok=True)
    files, counts = {}, {}
    bundle = open(os.path.join(out, "bundle.json.tmp"), "w", encoding="utf-8")
    bundle.write('{"resourceType":"Bundle","type":"collection","entry":[\n')
    first = True
    for type_, r in resources(patients, random.Random(42)):
        n = counts.get(type_, 0)
        counts[type_] = n + 1
        key = (type_, n // SPLIT)
        if key not in files:
            for (t, _), f in list(files.items()):
                if t == type_:
                    f.close()
            name = f"{type_}-{n // SPLIT + 1}.ndjson"
            files[key] = open(os.path.join(bulk, name), "w", encoding="utf-8")
        line = json.dumps(r, separators=(",", ":"))
        files[key].write(line + "\n")
        bundle.write(("" if first else ",\n") + '{"resource":' + line + "}")
        first = False
    bundle.write("\n]}\n")
    bundle.close()
    for f in files.values():
        f.close()
    os.replace(os.path.join(out, "bundle.json.tmp"), os.path.join(out, "bundle.json"))
    print(json.dumps({"patients": patients, "resources": sum(counts.values()), **counts}))


if __name__ == "__main__":
    main()
