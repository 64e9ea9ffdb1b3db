"""A letter's first page, small, for the inbox's list (rendered once, then from the cache)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.http.deps import Uploader, document_of, service_of
from api.http.problems import Refused
from api.worker import pages
from extract import page_work, region
from extract.errors import ExtractError
from extract.page_image import Frame, NoSuchPage, thumbnail_png

router = APIRouter()
#: The cache files of thumbnails are named apart from the full page images.
SIZE = "thumb-"


@router.get("/api/documents/{ident}/thumbnail.png", tags=["documents"],
            response_class=Response,
            responses={200: {"description": "Ảnh nhỏ trang đầu",
                             "content": {"image/png": {"schema": {"type": "string",
                                                                  "format": "binary"}}}}})
async def thumbnail(request: Request, ident: str, user: Uploader) -> Response:
    """The letter's first page as a small PNG, in the frame it was read in.

    Rendered like the page images: by extract/ in a child process under the reading's limits,
    kept beside them in the page-image cache.
    """
    service = service_of(request)
    with service.sessions() as session:
        doc = document_of(session, ident, done=True)
        sha256, media_type, result = doc.sha256, doc.media_type or "", doc.result
    try:
        frame = Frame.of_page(region.page_of(result, 1))
    except NoSuchPage:
        raise HTTPException(404, "Văn bản không có trang nào để xem") from None
    cache = service.settings.page_images
    png = await run_in_threadpool(pages.cached_png, cache, sha256, 1, frame, SIZE)
    if png is None:
        data = await run_in_threadpool(service.store.read, sha256)
        try:
            png = await page_work.run(thumbnail_png, data, media_type, 1, frame,
                                      limits=service.settings.limits)
        except NoSuchPage:
            raise HTTPException(404, "Văn bản không có trang nào để xem") from None
        except ExtractError as e:
            raise Refused(e.code, f"{e.message} {e.remedy}") from None
        await run_in_threadpool(pages.keep, cache, sha256, 1, frame, png, SIZE)
    return Response(png, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=86400"})
