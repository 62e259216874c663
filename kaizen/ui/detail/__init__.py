"""Detail dialogs of one idea or one waste observation, opened from the lists.

- :class:`IdeaDetailDialog` (``kaizen.ui.detail.idea_detail``): edit, review, comments, photos
  and history of one idea; signal ``changed()``.
- :class:`ObservationDetailDialog` (``kaizen.ui.detail.observation_detail``): edit one
  observation, see its yearly cost, open or make its idea; signals ``changed()`` and
  ``ideaCreated(int)``.

Both take ``(services, person, record_id, parent=None)``; ``set_person`` follows the person
working. The pieces they are made of live beside them: ``base`` (reading, saving, keeping what
was typed), ``comments``, ``review_panel``, ``photos`` and ``widgets``.
"""

from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.detail.observation_detail import ObservationDetailDialog

__all__ = ["IdeaDetailDialog", "ObservationDetailDialog"]
