"""The words of the demo plant: areas, names, and ideas and observations for each waste."""

from __future__ import annotations

from kaizen.domain.enums import MetricDirection, WasteCategory

SITE_NAME = "Riverside Plant"
DEMO_PIN = "1234"

# (department, hourly rate, lines)
AREAS: list[tuple[str, float, list[str]]] = [
    ("Assembly", 38.0, ["Line A", "Line B"]),
    ("Machining", 44.0, ["Cell 1", "Cell 2"]),
    ("Paint shop", 41.0, []),
    ("Warehouse", 33.0, ["Goods in", "Dispatch"]),
    ("Quality lab", 47.0, []),
    ("Maintenance", 49.0, []),
]

FIRST_NAMES = [
    "Aisha", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kofi", "Lena", "Marco", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Samir", "Tanja",
    "Umar", "Vera", "Wei", "Xavier", "Yara", "Zoltan", "Amelie", "Bruno", "Chiara", "Dario",
    "Emre", "Fatima", "Gustav", "Hanna", "Ivan", "Julia", "Karim", "Lucia", "Milan", "Noor",
]
LAST_NAMES = [
    "Okafor", "Schmidt", "Rossi", "Novak", "Garcia", "Haddad", "Kim", "Tanaka", "Silva",
    "Berg", "Mensah", "Weber", "Bianchi", "Kowalski", "Lindqvist", "Patel", "Moreau", "Costa",
    "Yilmaz", "Horvat", "Rahman", "Petrova", "Chen", "Dubois", "Nasser", "Farkas", "Laurent",
    "Keller", "Romano", "Ferrari", "Demir", "Aziz", "Nilsson", "Fischer", "Popov", "Meyer",
    "Benali", "Marino", "Svoboda", "Hassan",
]

# Per waste: (idea title, what is wrong now, what to change)
IDEAS: dict[WasteCategory, list[tuple[str, str, str]]] = {
    WasteCategory.TRANSPORT: [
        ("Move the torque station next to the line",
         "Every housing is carried 25 m to the torque station and back.",
         "Put a second torque station at the end of the line."),
        ("Milk-run cart for fasteners",
         "A forklift brings fasteners on demand, often mid-shift.",
         "A fixed two-hourly milk run with a tugger cart and a route card."),
        ("Pallets straight to dispatch",
         "Finished pallets stop in the buffer zone before dispatch.",
         "Label at the line and send pallets straight to the dispatch lane."),
    ],
    WasteCategory.INVENTORY: [
        ("Two-bin kanban for M6 screws",
         "Screw boxes overflow at the line while others run out.",
         "Two bins per part; an empty bin is the reorder signal."),
        ("Cut the paint buffer to one shift",
         "Three shifts of primed parts wait before top coat.",
         "Cap the buffer lane at one shift with floor markings."),
        ("Consignment stock for gloves",
         "A year of gloves sits in the store room.",
         "Supplier-managed consignment shelf refilled weekly."),
    ],
    WasteCategory.MOTION: [
        ("Shadow board for changeover tools",
         "Operators search the cabinet for the right spanner at every changeover.",
         "A shadow board at each machine with the exact tool set."),
        ("Raise the inspection bench",
         "Inspectors bend over a bench 15 cm too low for most of them.",
         "Height-adjustable bench and an anti-fatigue mat."),
        ("Point-of-use label printer",
         "Operators walk to the office printer for every batch label.",
         "A small label printer at the packing station."),
    ],
    WasteCategory.WAITING: [
        ("Pre-stage dies before changeover",
         "The press waits while the next die is fetched from the rack.",
         "Stage the next die on a cart before the run ends (SMED step 1)."),
        ("Release work orders before shift start",
         "The first hour waits for work orders released by planning.",
         "Planning releases the next shift's orders by 14:00 the day before."),
        ("Second gauge for first-article check",
         "The line waits up to 40 minutes for the lab to free the gauge.",
         "A second gauge at the line for first-article checks."),
    ],
    WasteCategory.OVERPRODUCTION: [
        ("Build to the pull signal",
         "We build a full batch even when the next step needs half.",
         "Kanban cards from the next step set the batch size."),
        ("Stop printing daily reports nobody reads",
         "Forty pages of reports are printed every morning.",
         "A single screen on the shop floor board instead."),
    ],
    WasteCategory.OVER_PROCESSING: [
        ("Drop double sign-off on routine orders",
         "Routine consumables orders need two signatures.",
         "One sign-off under 500 EUR; monthly spot check instead."),
        ("Deburr only the visible edges",
         "All edges are deburred though the drawing asks for two.",
         "Update the work instruction and the visual standard."),
        ("One inspection instead of three",
         "The same dimension is measured at three stations.",
         "Measure once at the capable station; record it in the traveller."),
    ],
    WasteCategory.DEFECTS: [
        ("Poka-yoke pin for bracket orientation",
         "Brackets can be fitted upside down and are found at final test.",
         "A locating pin makes the wrong orientation impossible."),
        ("Visual standard for paint runs",
         "Operators disagree on what a reject run looks like.",
         "Boundary samples and photos at the inspection light box."),
        ("Torque-angle monitoring on the wheel nuts",
         "Loose nuts escape to the customer twice a month.",
         "Torque-angle monitored tool with a stop on out-of-window."),
    ],
}

OBSERVATIONS: dict[WasteCategory, list[str]] = {
    WasteCategory.TRANSPORT: [
        "Forklift crossed the hall three times for one pallet of brackets.",
        "Finished parts carried by hand to the far end of the line.",
        "Empty totes returned to goods-in on a separate trip.",
    ],
    WasteCategory.INVENTORY: [
        "Two weeks of covers stacked beside the line, some damaged.",
        "Obsolete packaging still stored in aisle 4.",
        "WIP rack full; parts stacked on the floor.",
    ],
    WasteCategory.MOTION: [
        "Operator walked to the tool cabinet 6 times during changeover.",
        "Reaching over the conveyor to get fasteners.",
        "Searching for the right gauge in an unlabelled drawer.",
    ],
    WasteCategory.WAITING: [
        "Line stopped waiting for material from the warehouse.",
        "Machine idle while the setter was on another job.",
        "Waiting for quality sign-off before restart.",
    ],
    WasteCategory.OVERPRODUCTION: [
        "Ran the full batch although only half was on order.",
        "Printed labels for the whole week in advance; half scrapped after a change.",
    ],
    WasteCategory.OVER_PROCESSING: [
        "Parts cleaned twice: once at machining, once before paint.",
        "Report typed by hand from a printed spreadsheet.",
        "Visual check repeated at every station for the same defect.",
    ],
    WasteCategory.DEFECTS: [
        "Scratches on the cover from the transport rack.",
        "Wrong label on three boxes at dispatch.",
        "Paint runs on the lower edge of the panel.",
    ],
}

# Per waste: (metric name, unit, direction, typical before value, spread)
METRICS: dict[WasteCategory, tuple[str, str, MetricDirection, float, float]] = {
    WasteCategory.TRANSPORT: ("Lead time", "h", MetricDirection.LOWER_IS_BETTER, 26.0, 4.0),
    WasteCategory.INVENTORY: ("Inventory days", "days", MetricDirection.LOWER_IS_BETTER, 12.0, 2.0),
    WasteCategory.MOTION: ("Cycle time", "s", MetricDirection.LOWER_IS_BETTER, 84.0, 7.0),
    WasteCategory.WAITING: ("Changeover time", "min", MetricDirection.LOWER_IS_BETTER, 48.0, 6.0),
    WasteCategory.OVERPRODUCTION: ("Throughput", "units/h", MetricDirection.HIGHER_IS_BETTER,
                                   55.0, 5.0),
    WasteCategory.OVER_PROCESSING: ("Cost per unit", "EUR", MetricDirection.LOWER_IS_BETTER,
                                    7.4, 0.6),
    WasteCategory.DEFECTS: ("Defect rate", "%", MetricDirection.LOWER_IS_BETTER, 3.2, 0.5),
}

REJECT_REASONS = [
    "Already covered by the new layout project next quarter.",
    "Cost is higher than the saving; let's look for a cheaper way.",
    "Conflicts with the customer's approved process; needs a PPAP change.",
]
SEND_BACK_NOTES = [
    "Can you add how often this happens per shift?",
    "Please add a photo and the part numbers affected.",
]
COMMENTS = [
    "Good one, we see the same on the night shift.",
    "Could we try it on Line B first?",
    "Maintenance can make the fixture in a day.",
    "Talked to the supplier: they can do it at no extra cost.",
]
WHYS = [
    "Because the material arrives late.",
    "Because the milk run has no fixed schedule.",
    "Because nobody owns the route.",
]
ACTIONS = [
    "Agree the trial with the shift leaders",
    "Make or buy the fixture",
    "Update the work instruction",
    "Train the operators on all shifts",
    "Run the trial for two weeks",
]

# --- varied texts for the demo plant (issue 16: one title appeared 12 times) ---------------------
# A real site does not raise the same idea a dozen times: the generator fills these templates
# with the slots below and never repeats a title (see DemoBuilder._idea_text). Each template is
# (title, what is wrong now, what to change) with {slots} from FILLERS.
FILLERS: dict[str, list[str]] = {
    "part": ["M6 screws", "M8 nuts", "brackets", "cable ties", "gaskets", "hinges", "spring clips",
             "O-rings", "washers", "rivets", "end caps", "wire harnesses"],
    "station": ["torque station", "label printer", "leak tester", "wash station", "glue station",
                "crimping press", "rework bench", "packing table"],
    "place": ["Line A", "Line B", "Cell 1", "Cell 2", "the press line", "the packing line"],
    "tool": ["changeover spanners", "torque wrenches", "go/no-go gauges", "hex keys",
             "crimping tools", "feeler gauges", "socket sets", "calipers"],
    "report": ["daily scrap report", "shift handover sheet", "weekly stock count",
               "downtime log", "first-off approval form", "overtime request"],
    "defect": ["bracket orientation", "missing washers", "paint runs", "loose wheel nuts",
               "swapped labels", "crossed threads", "scratched covers", "short cable crimps"],
    "machine": ["press 2", "press 4", "the lathe", "the CNC mill", "the injection moulder",
                "the laser cutter", "the bending brake"],
}

IDEA_TEMPLATES: dict[WasteCategory, list[tuple[str, str, str]]] = {
    WasteCategory.TRANSPORT: [
        ("Move the {station} next to {place}",
         "Every batch on {place} is carried to the {station} and back.",
         "Put the {station} at the end of {place}."),
        ("Milk-run cart for {part} on {place}",
         "A forklift brings {part} to {place} on demand, often mid-shift.",
         "A fixed two-hourly milk run with a tugger cart and a route card for {part}."),
        ("Send {part} from goods in straight to {place}",
         "{part} stop in the buffer zone before they reach {place}.",
         "Label at goods in and deliver {part} straight to {place}."),
    ],
    WasteCategory.INVENTORY: [
        ("Two-bin kanban for {part} on {place}",
         "Boxes of {part} overflow on {place} while other parts run out.",
         "Two bins of {part} per station; an empty bin is the reorder signal."),
        ("Cut the {part} buffer at {place} to one shift",
         "Three shifts of {part} wait at {place} before they are used.",
         "Cap the {part} lane at one shift with floor markings."),
        ("Consignment stock for {part} used on {place}",
         "A year of {part} for {place} sits in the store room.",
         "A supplier-managed consignment shelf for {part}, refilled weekly."),
    ],
    WasteCategory.MOTION: [
        ("Shadow board for the {tool} on {place}",
         "Operators on {place} search the cabinet for the {tool} at every changeover.",
         "A shadow board at each machine on {place} with the exact {tool}."),
        ("Raise the bench at the {station} on {place}",
         "Operators bend over the {station} bench on {place}, 15 cm too low for most of them.",
         "A height-adjustable bench at the {station} and an anti-fatigue mat."),
        ("Keep the {tool} at the point of use on {place}",
         "Operators on {place} walk to the tool store for the {tool} several times a shift.",
         "A set of {tool} at each station of {place}, checked at shift start."),
    ],
    WasteCategory.WAITING: [
        ("Pre-stage the {part} die for {machine}",
         "{machine} waits while the die for {part} is fetched from the rack.",
         "Stage the next die on a cart before the run ends (SMED step 1)."),
        ("Release {place}'s work orders before shift start",
         "The first hour on {place} waits for work orders released by planning.",
         "Planning releases {place}'s next-shift orders by 14:00 the day before."),
        ("Own {tool} for first-article checks on {machine}",
         "{machine} waits up to 40 minutes for the lab to free its {tool}.",
         "A set of {tool} kept beside {machine} for first-article checks."),
        ("Call-off signal for {part} at {place}",
         "{place} waits for {part} from the warehouse several times a shift.",
         "A call-off light at {place} that tells the warehouse to bring {part}."),
    ],
    WasteCategory.OVERPRODUCTION: [
        ("Build {part} to the pull signal on {place}",
         "{place} builds a full batch of {part} even when the next step needs half.",
         "Kanban cards from the next step set the batch size of {part}."),
        ("Stop printing {place}'s {report}",
         "The {report} of {place} is printed every morning and nobody reads it.",
         "Show the {report} on {place}'s shop-floor screen instead."),
    ],
    WasteCategory.OVER_PROCESSING: [
        ("Drop the double sign-off on {place}'s {report}",
         "The {report} on {place} needs two signatures even for routine cases.",
         "One sign-off for routine cases; a monthly spot check instead."),
        ("Deburr only the visible edges of {part} on {machine}",
         "All edges of {part} are deburred after {machine} though the drawing asks for two.",
         "Update the work instruction and the visual standard for {machine}."),
        ("Measure {part} once on {place} instead of three times",
         "The same dimension of {part} is measured at three stations on {place}.",
         "Measure once at the capable station; record it in the traveller."),
    ],
    WasteCategory.DEFECTS: [
        ("Poka-yoke against {defect} on {place}",
         "{defect} on {place} are found only at final test.",
         "A locating fixture that makes {defect} impossible."),
        ("Visual standard for {defect} on {place}",
         "Operators on {place} disagree on what counts as {defect}.",
         "Boundary samples and photos of {defect} at the inspection light box."),
        ("Error-proof check for {defect} at the {station}",
         "{defect} escape from the {station} to the customer twice a month.",
         "A sensor check at the {station} that stops on {defect}."),
    ],
}

OBSERVATION_TEMPLATES: dict[WasteCategory, list[str]] = {
    WasteCategory.TRANSPORT: [
        "Forklift crossed the hall {n} times for one pallet of {part}.",
        "Finished parts carried by hand to the far end of {place}.",
        "Empty totes of {part} returned to goods-in on a separate trip.",
    ],
    WasteCategory.INVENTORY: [
        "{n} boxes of {part} stacked beside {place}, some damaged.",
        "Obsolete packaging for {part} still stored in aisle {n}.",
        "WIP rack at {place} full; {part} stacked on the floor.",
    ],
    WasteCategory.MOTION: [
        "Operator on {place} walked to the tool cabinet {n} times during changeover.",
        "Reaching over the conveyor on {place} to get {part}.",
        "Searching for the {tool} in an unlabelled drawer at {place}.",
    ],
    WasteCategory.WAITING: [
        "{place} stopped {n} minutes waiting for {part} from the warehouse.",
        "{machine} idle while the setter was on another job.",
        "{place} waited {n} minutes for quality sign-off before restart.",
    ],
    WasteCategory.OVERPRODUCTION: [
        "Ran the full batch of {part} although only half was on order.",
        "Printed labels for {part} for the whole week; {n} scrapped after a change.",
    ],
    WasteCategory.OVER_PROCESSING: [
        "{part} cleaned twice: once at machining, once before paint.",
        "The {report} typed by hand from a printed spreadsheet.",
        "Visual check for {defect} repeated at every station of {place}.",
    ],
    WasteCategory.DEFECTS: [
        "{defect} found on {n} parts from {place}.",
        "Wrong label on {n} boxes of {part} at dispatch.",
        "{defect} on {machine}'s output during the first hour.",
    ],
}
