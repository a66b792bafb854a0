#!/usr/bin/env python3
"""Converts the raw public data in ../shared/data into Footprint's bundled resources.

Run once when the raw data changes (needs `pip install pycountry` for the ISO 3166 code table).
US states (eGRID2023) and Nordic zones (ENTSO-E 2025) come from a newer CodeCarbon release than the
copy in ../shared/data; fetch and unpack it first:

    pip download --no-deps codecarbon==3.3.2 -d /tmp/cc && unzip -q /tmp/cc/*.whl -d /tmp/cc
    python3 Scripts/convert-data.py ../shared/data /tmp/cc/codecarbon/data Sources/FootprintCore/Resources

Every output row carries its source and year. The script checks values as it converts and stops
on anything out of range, so a bad raw row never reaches the package silently. The accelerator
table (accelerators.tsv) is curated by hand from datasheets and is not produced here.
"""
import csv
import json
import math
import sys
from pathlib import Path

import pycountry

RAW, NEWER, OUT = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
HERE = Path(__file__).resolve().parent
LB_PER_MWH_TO_G_PER_KWH = 0.453592  # 1 lb/MWh = 453.592 g / 1000 kWh


def check_intensity(where, value):
    if not (math.isfinite(value) and 0 <= value <= 2000):
        sys.exit(f"{where}: carbon intensity {value} g/kWh is out of range")
    return round(value, 1)


def write(name, header, rows, comment):
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for line in comment.strip().splitlines():
            f.write(f"# {line}\n")
        f.write("\t".join(header) + "\n")
        for row in rows:
            cells = [str(c) for c in row]
            for c in cells:
                if "\t" in c or "\n" in c:
                    sys.exit(f"{name}: cell {c!r} holds a tab or newline")
            f.write("\t".join(cells) + "\n")
    print(f"{name}: {len(rows)} rows")


# Countries: Our World in Data / Ember via CodeCarbon's global_energy_mix.json.
mix = json.loads((RAW / "codecarbon/global_energy_mix.json").read_text())
per_source = json.loads((RAW / "codecarbon/carbon_intensity_per_source.json").read_text())
# Life-cycle g/kWh per generation source for mixes given in TWh. Sources the per-source table lacks:
# IPCC AR5 (2014) medians for dedicated biomass (230); other renewables are mostly geothermal.
mix_source_g = {
    "coal_TWh": per_source["coal"], "gas_TWh": per_source["natural_gas"],
    "oil_TWh": per_source["petroleum"], "nuclear_TWh": per_source["nuclear"],
    "hydroelectricity_TWh": per_source["hydroelectricity"], "solar_TWh": per_source["solar"],
    "wind_TWh": per_source["wind"], "biofuel_TWh": 230,
    "other_renewable_exc_biofuel_TWh": per_source["geothermal"],
}
countries, generation = [], {}
for alpha3, entry in sorted(mix.items()):
    value, source = entry.get("carbon_intensity"), "Our World in Data / Ember"
    total = entry.get("total_TWh") or 0
    if (value is None or value == 0) and total > 0:
        # A life-cycle intensity is never 0: OWID left the figure out. Rebuild it from the mix.
        value = sum((entry.get(k) or 0) * g for k, g in mix_source_g.items()) / total
        source = "computed from the Our World in Data / Ember generation mix"
    if value is None or total == 0:
        continue  # no generation data: leave it to the world average
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        continue  # OWID aggregates (continents, income groups) have no ISO code
    countries.append((country.alpha_2, alpha3, entry["country_name"],
                      check_intensity(alpha3, value), entry["year"], source))
    generation[country.alpha_2] = (value, total, entry["year"])
write("grid-countries.tsv", ["alpha2", "alpha3", "name", "g_per_kwh", "year", "source"], countries,
      """Grid carbon intensity per country, g CO2e/kWh of electricity generated (yearly average).
Source: Our World in Data, Ember yearly electricity data, as packaged by CodeCarbon (MIT).""")

# The world average from the same table, so that the fallback and the countries share one source and
# year: the generation-weighted mean of every country's figure. Its year is the latest; the share of
# generation from countries whose latest figure is older is stated, and may not pass 10 %.
world_twh = sum(t for _, t, _ in generation.values())
world_g = sum(g * t for g, t, _ in generation.values()) / world_twh
world_year = max(y for _, _, y in generation.values())
share = sum(t for _, t, y in generation.values() if y == world_year) / world_twh
if share < 0.90:
    sys.exit(f"world average: only {share:.1%} of generation is from {world_year}")
write("grid-world.tsv", ["code", "g_per_kwh", "year", "source"],
      [("WORLD", check_intensity("world", world_g), world_year,
        f"Our World in Data / Ember {world_year}: generation-weighted mean of the country table "
        f"({world_twh:,.0f} TWh; {1 - share:.0%} of it from countries' latest earlier year)")],
      """The world average: the generation-weighted mean of grid-countries.tsv, so that the fallback has
the country table's source and year.""")

# Sub-national grids. US states: eGRID2023 state CO2e total output emission rates (field STC2ERTA),
# from CodeCarbon 3.3.2; the copy in ../shared/data is eGRID 2016.
subnational = []
usa = json.loads((NEWER / "private_infra/2023/usa_emissions.json").read_text())
egrid = usa["_source"]
if egrid.get("field") != "STC2ERTA" or egrid.get("year") != 2023 or usa["_unit"]["emissions"] != "lbs/MWh":
    sys.exit(f"usa_emissions.json: expected eGRID2023 STC2ERTA in lb/MWh, got {egrid}")
for state, entry in sorted(usa.items()):
    if state.startswith("_"):
        continue  # the file's own unit and source notes
    g = check_intensity(state, entry["emissions"] * LB_PER_MWH_TO_G_PER_KWH)
    subnational.append((f"US-{entry['regionCode']}", "us-state", state.title(), g, 2023,
                        "US EPA eGRID2023, state CO2e output emission rate (combustion)"))

# Sources the per-source table lacks: IPCC AR5 (2014) life-cycle medians for dedicated biomass (230)
# and ocean energy (17); "other" gets the world average above (not the per-source table's IEA 2019
# figure), the honest default for an unknown mix.
source_g = {
    "naturalGas": per_source["natural_gas"], "nuclear": per_source["nuclear"],
    "petroleum": per_source["petroleum"], "coal": per_source["coal"], "solar": per_source["solar"],
    "wind": per_source["wind"], "hydro": per_source["hydroelectricity"], "biomass": 230,
    "tidal": 17, "other": world_g,
}
province_codes = {
    "alberta": "AB", "british columbia": "BC", "manitoba": "MB", "new brunswick": "NB",
    "newfoundland and labrador": "NL", "nova scotia": "NS", "ontario": "ON",
    "prince edward island": "PE", "quebec": "QC", "saskatchewan": "SK",
    "northwest territories": "NT", "nunavut": "NU", "yukon": "YT",
}
canada = json.loads((RAW / "codecarbon/canada_energy_mix.json").read_text())
for province, shares in sorted(canada.items()):
    total = shares["total"]
    if not 95 <= total <= 105:
        sys.exit(f"{province}: generation shares add up to {total} %")
    g = sum(shares[k] * source_g[k] for k in source_g) / total
    subnational.append((f"CA-{province_codes[province]}", "ca-province", province.title(),
                        check_intensity(province, g), 2023,
                        "Canada Energy Regulator generation mix 2023 × life-cycle intensity per source"))

# Nordic zones from CodeCarbon 3.3.2: the older copy gives every zone the same 18.0 g/kWh placeholder.
nordic = json.loads((NEWER / "private_infra/nordic_emissions.json").read_text())
for zone, entry in sorted(nordic["data"].items()):
    if zone == "FI":
        continue  # Finland is a country row already
    coverage = entry.get("coverage", "").split("%")[0]
    if not coverage or float(coverage) < 80:
        sys.exit(f"{zone}: generation coverage {coverage!r} is too low to trust")
    bound = " (a lower bound: part of the mix has no factor)" if float(coverage) < 95 else ""
    subnational.append((zone, "nordic-zone", entry["description"],
                        check_intensity(zone, entry["emission_factor"]), entry["year"],
                        f"ENTSO-E {entry['year']} generation mix × life-cycle intensity per source, "
                        f"via CodeCarbon{bound}"))
write("grid-subnational.tsv", ["code", "kind", "name", "g_per_kwh", "year", "source"], subnational,
      """Sub-national grid carbon intensity, g CO2e/kWh: US states (eGRID2023 CO2e output emission rates,
converted from lb/MWh by 0.453592), Canadian provinces (2023 mix weighted by per-source life-cycle
intensity), Nordic bidding zones (ENTSO-E 2025 mix). Packaged by CodeCarbon (MIT).""")

# Cloud regions. Each takes the same-year figure of the grid it is in (Scripts/cloud-region-locations.tsv,
# checked for every region), except where the provider publishes its own per-region figure (GCP).
# The ML CO2 Impact table's 2019 AWS and Azure figures are not used: they mix sources and years, and
# one (eu-central-1) is a single hour's snapshot.
grids = {r[0]: (r[3], r[4], r[5]) for r in countries}
grids.update({r[0]: (r[3], r[4], r[5]) for r in subnational})
with (HERE / "cloud-region-locations.tsv").open(encoding="utf-8") as f:
    located = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
location = {}
for row in located:
    key = (row["provider"], row["region_as_published"] or row["region"])
    if key in location:
        sys.exit(f"cloud-region-locations.tsv: {key} twice")
    if row["grid"] not in grids:
        sys.exit(f"cloud-region-locations.tsv: {key} is in {row['grid']!r}, which has no figure")
    location[key] = row


def country_of(grid):
    return grid[:2] if grid.startswith(("US-", "CA-")) else \
        "SE" if grid.startswith("SE") else "NO" if grid.startswith("NO") else grid


cloud, seen = [], set()


def add_cloud(provider, raw_region, where, figure):
    row = location.get((provider, raw_region))
    if row is None:
        sys.exit(f"{provider}:{raw_region} has no location in cloud-region-locations.tsv")
    seen.add((provider, raw_region))
    grid = row["grid"]
    if figure is None:
        g, year, grid_source = grids[grid]
        dated = grid_source if str(year) in grid_source else f"{grid_source} {year}"
        source = f"location: {grid}, {dated}"
    else:
        g, year, published = figure
        source = f"{published} (provider's own figure; location: {grid})"
    cloud.append((provider, row["region"], where, country_of(grid), g, year, source))


with (RAW / "codecarbon/impact.csv").open(encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        add_cloud("gcp", row["region"], row["city"],
                  (check_intensity(row["region"], float(row["impact"])), 2023,
                   "Google Cloud region carbon data 2023"))
with (RAW / "mlco2-impact/impact.csv").open(encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        provider, region = row["provider"], row["region"]
        if provider not in ("aws", "azure") or not region:
            continue
        add_cloud(provider, region, row["regionName"] or row["city"], None)
# Regions newer than the raw tables: listed in the location table with the provider's display name.
for key in sorted(set(location) - seen):
    row = location[key]
    if not row["name"]:
        sys.exit(f"cloud-region-locations.tsv: {key} matches no raw region and has no name")
    add_cloud(row["provider"], row["region"], row["name"], None)
write("grid-cloud.tsv", ["provider", "region", "location", "country", "g_per_kwh", "year", "source"], cloud,
      """Cloud region grid carbon intensity, g CO2e/kWh. GCP: Google's own published region figures
(CodeCarbon impact.csv, MIT). AWS and Azure: the same-year figure of the grid the region is in
(country, US state or Canadian province; Scripts/cloud-region-locations.tsv), named per row.""")

# Electricity Maps zones: the latest year covering at least half the year's hours. A zone with no such
# year is left out: a figure from a few days (77 h for US-FLA-HST) is a snapshot, not a yearly average.
# The export is dated 2021-10-27, so its 2021 figures cover only part of that year; the source says so.
zones = {}
with (RAW / "mlco2-impact/2021-10-27yearly_averages.csv").open(encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["carbon_intensity_avg"].strip():  # a few zone-years have no figure at all
            zones.setdefault(row["zone_key"], []).append(row)
em, partial_only = [], []
for key, rows in sorted(zones.items()):
    rows.sort(key=lambda r: int(r["year"]))
    covered = [r for r in rows if int(r["no_hours_with_data"]) >= 4380]
    if not covered:
        partial_only.append(f"{key} ({rows[-1]['no_hours_with_data']} h of {rows[-1]['year']})")
        continue
    best = covered[-1]
    hours = int(best["no_hours_with_data"])
    span = "yearly average" if hours >= 8000 else f"average of the {hours:,} h of {best['year']} with data (part of the year)"
    em.append((key, best["Country"], best["Zone Name"],
               check_intensity(key, float(best["carbon_intensity_avg"])), best["year"],
               f"Electricity Maps {span}"))
print("Electricity Maps zones left out (no year with half its hours): " + "; ".join(partial_only))
write("grid-electricitymaps.tsv", ["zone", "country", "name", "g_per_kwh", "year", "source"], em,
      """Electricity Maps zones, average g CO2e/kWh (life-cycle) of the latest year with at least 4,380 hours
of data; the source says when that is part of a year. Zones without such a year are left out. Via the
ML CO2 Impact calculator (MIT), 2021-10-27 export.""")

# CPUs: CodeCarbon's cpu_power.csv, names kept as published, duplicates dropped.
cpus, seen, unreadable = [], set(), []
with (RAW / "codecarbon/cpu_power.csv").open(encoding="utf-8") as f:
    for row in csv.DictReader(f):
        name = row["Name"].strip()
        try:
            tdp = float(row["TDP"])
        except ValueError:
            unreadable.append(f"{name}: {row['TDP']!r}")  # e.g. "27.29.5": no way to tell the intent
            continue
        if not name or name.lower() in seen:
            continue
        if not 0.1 <= tdp <= 1000:
            unreadable.append(f"{name}: {tdp:g} W")  # a TDP of 0 W says nothing about power
            continue
        seen.add(name.lower())
        cpus.append((name, f"{tdp:g}"))
if unreadable:
    print("cpu_power.csv rows left out (unreadable or impossible TDP): " + "; ".join(unreadable))
write("cpus.tsv", ["name", "tdp_watts"], cpus,
      """CPU thermal design power in watts by model name, from CodeCarbon's cpu_power.csv (MIT),
compiled from Intel ARK and AMD product pages.""")
