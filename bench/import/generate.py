#!/usr/bin/env python3
"""Writes N realistic project rows as an import CSV: id, name, description, status and three
metadata columns (category, owner, tags) whose cells are JSON values. Deterministic (seed 14)."""
import csv, json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = sys.argv[2] if len(sys.argv) > 2 else "projects.csv"
rng = random.Random(14)
domains = ["sales", "finance", "marketing", "logistics", "hr", "support", "billing", "inventory", "risk", "payroll"]
things = ["orders", "invoices", "customers", "shipments", "tickets", "ledger", "forecast", "campaigns", "stock", "claims"]
adjectives = ["daily", "weekly", "regional", "legacy", "realtime", "archived", "quarterly", "raw", "curated", "staging"]
verbs = ["aggregates", "tracks", "reconciles", "exports", "cleans", "joins", "audits", "scores", "summarises", "loads"]
owners = ["ann", "bob", "chen", "dana", "emil", "fatma", "gus", "hiro", "ines", "jon", "kai", "lena"]

with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "description", "status", "meta.category", "meta.owner", "meta.tags"])
    for i in range(n):
        d, t, a = rng.choice(domains), rng.choice(things), rng.choice(adjectives)
        desc = (f"The {a} {t} of the {d} team; {rng.choice(verbs)} {rng.choice(things)} from "
                f"{rng.randint(2, 40)} sources, refreshed every {rng.choice(['hour', 'day', 'week'])}. "
                f"Contact: {rng.choice(owners)}@example.com, \"{d}\" cost centre {rng.randint(1000, 9999)}.")
        tags = rng.sample([d, t, a, "pii", "gdpr", "gold", "silver", "bronze"], rng.randint(1, 4))
        w.writerow([f"{d}-{t}-{i:06d}", f"{a.title()} {d} {t} {i}", desc, "active",
                    json.dumps(d), json.dumps(rng.choice(owners)), json.dumps(tags)])
