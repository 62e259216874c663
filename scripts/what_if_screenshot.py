"""Render the What-if screen with the hospital example (kaizen/templates/processes/
patient_flow.json): intermediate care against more acute beds, to PNG files, offscreen.

    python scripts/what_if_screenshot.py OUT_DIR [--replications N]

Builds a throw-away database in a temporary folder, creates the patient-flow process from its
template and a future state with six more acute beds (46), picks that map in the screen and
sets the scenario "Intermediate care instead": those six beds go to intermediate care, with the
rerouting and shorter acute stay of kaizen/simulation/patient_flow.py, so the comparison is
intermediate care against more beds, paired on common random numbers. It runs it through
the screen (in the background worker, as a user would) and
grabs the window at 1280x720 and 1920x1080.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--replications", type=int, default=10)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    os.environ["KAIZEN_DATA_DIR"] = str(folder)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kaizen.db import migrate
    from kaizen.db.engine import Database
    from kaizen.domain.enums import Role
    from kaizen.domain.process_model import model_to_dict
    from kaizen.services import Services
    from kaizen.simulation.patient_flow import ACUTE, EXTRA_BEDS, INTERMEDIATE_CARE, MORE_BEDS
    from kaizen.simulation.scenario import AddResources
    from kaizen.ui.resources import apply_style
    from kaizen.ui.simulation.view import SimulationView

    app = QApplication(sys.argv)
    apply_style(app)
    db = Database(f"sqlite:///{folder / 'kaizen.db'}")
    migrate.upgrade(db)
    services = Services.create(db, attachments_dir=folder / "files")
    admin = services.people.bootstrap(site_name="District Hospital", admin_name="Alex Admin",
                                      admin_pin="2468")
    site = services.people.list_areas()[0]
    lead = services.people.create_person(admin.id, name="Pat Planner", role=Role.SUPERVISOR,
                                         home_area_id=site.id, pin="1357")
    made = services.processes.create_from_template(lead.id, name="Patient flow",
                                                   area_id=site.id, template="patient_flow")
    beds = services.processes.copy_to_future(lead.id, made.map.id,
                                             name="Patient flow, 46 acute beds")
    doc = model_to_dict(MORE_BEDS.apply(beds.model))
    doc["name"] = "Patient flow, 46 acute beds"
    services.processes.save_map(lead.id, beds.map.id, doc)
    instead = [AddResources(ACUTE, -EXTRA_BEDS), *INTERMEDIATE_CARE.changes]

    def wait(signal) -> None:  # noqa: ANN001
        loop = QEventLoop()
        signal.connect(loop.quit)
        loop.exec()

    view = SimulationView(services)
    view.set_person(services.people.get_person(lead.id))
    view.resize(1280, 720)
    view.show()
    view.refresh()
    wait(view.mapLoaded)
    view.map_picker.setCurrentIndex(view.map_picker.findData(beds.map.id))
    wait(view.mapLoaded)
    view.name_edit.setText("Intermediate care instead")
    view.editor.set_changes(instead)
    view.options.replications.setValue(args.replications)
    view.options.horizon.setValue(730)
    view.options.warmup.setValue(90)
    view.options.seed.setValue(20)
    view.start_run()
    wait(view.runFinished)
    if view.results.chart.canvas is None:
        wait(view.results.chart.figureShown)
    for width, height in ((1280, 720), (1920, 1080)):
        view.resize(width, height)
        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)  # screenshots only: let the chart settle at the size
        loop.exec()
        view.grab().save(str(args.out / f"what_if_{width}x{height}.png"))
    app.quit()


if __name__ == "__main__":
    main()
