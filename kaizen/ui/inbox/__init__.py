"""The inbox (issue 22): the page of what waits for the person working, and the count beside
its sidebar entry. Both read :meth:`kaizen.services.inbox.InboxService.inbox` in the background.
"""
