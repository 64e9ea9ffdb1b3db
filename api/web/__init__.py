"""The reviewer pages: routes, views, templates and static files."""
