"""moto's server plus the SSM service-setting API it lacks (the test harness and `npm run sandbox`).

moto 5.2.1 has no GetServiceSetting, UpdateServiceSetting or ResetServiceSetting: the AWS provider's
aws_ssm_service_setting (the public-sharing block of every Region) hangs on them. This file adds
the three actions to moto's SSM responses, keeping one value per account, Region and setting, and
then starts moto's server with the arguments it was given (e.g. `-H 127.0.0.1 -p 5000`).

Behaviour, as documented for the real API:
- a setting that was never updated reads as its AWS default with Status "Default";
- UpdateServiceSetting stores the value (Status "Customized");
- ResetServiceSetting puts the default back (Status "Default");
- SettingId may be the setting's path (/ssm/...) or its full ARN; the ARN is always returned.
"""
import sys
from datetime import datetime, timezone

from moto.core.responses import ActionResult, EmptyResult
from moto.ssm.responses import SimpleSystemManagerResponse

# AWS defaults of the settings the stacks touch; any other setting defaults to "Disable".
DEFAULTS = {
    "/ssm/documents/console/public-sharing-permission": "Enable",
}

# (account, region, setting path) -> {"value", "modified", "user"}
_SETTINGS: dict = {}


def _path(setting_id: str) -> str:
    marker = ":servicesetting"
    return setting_id.split(marker, 1)[1] if marker in setting_id else setting_id


def _describe(response: SimpleSystemManagerResponse, path: str) -> dict:
    account, region = response.current_account, response.region
    stored = _SETTINGS.get((account, region, path))
    partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
    return {
        "SettingId": path,
        "SettingValue": stored["value"] if stored else DEFAULTS.get(path, "Disable"),
        "LastModifiedDate": stored["modified"] if stored else datetime(2020, 1, 1, tzinfo=timezone.utc),
        "LastModifiedUser": stored["user"] if stored else "System",
        "ARN": f"arn:{partition}:ssm:{region}:{account}:servicesetting{path}",
        "Status": "Customized" if stored else "Default",
    }


def get_service_setting(self: SimpleSystemManagerResponse) -> ActionResult:
    return ActionResult({"ServiceSetting": _describe(self, _path(self._get_param("SettingId")))})


def update_service_setting(self: SimpleSystemManagerResponse) -> EmptyResult:
    path = _path(self._get_param("SettingId"))
    _SETTINGS[(self.current_account, self.region, path)] = {
        "value": self._get_param("SettingValue"),
        "modified": datetime.now(timezone.utc),
        "user": f"arn:aws:iam::{self.current_account}:user/emulator",
    }
    return EmptyResult()


def reset_service_setting(self: SimpleSystemManagerResponse) -> ActionResult:
    path = _path(self._get_param("SettingId"))
    _SETTINGS.pop((self.current_account, self.region, path), None)
    return ActionResult({"ServiceSetting": _describe(self, path)})


SimpleSystemManagerResponse.get_service_setting = get_service_setting
SimpleSystemManagerResponse.update_service_setting = update_service_setting
SimpleSystemManagerResponse.reset_service_setting = reset_service_setting


# --- CloudWatch Logs AssociateKmsKey / DisassociateKmsKey (added by issue 11: an adopted log group
# gets the created logs key; moto 5.2.1 answers both with a 500). Stores the key on the group.
from moto.logs.exceptions import ResourceNotFoundException as _LogsNotFound
from moto.logs.responses import LogsResponse


def _log_group(self: LogsResponse):
    name = self._get_param("logGroupName")
    group = self.logs_backend.groups.get(name)
    if group is None:
        raise _LogsNotFound()
    return group


def associate_kms_key(self: LogsResponse) -> str:
    _log_group(self).kms_key_id = self._get_param("kmsKeyId")
    return ""


def disassociate_kms_key(self: LogsResponse) -> str:
    _log_group(self).kms_key_id = None
    return ""


LogsResponse.associate_kms_key = associate_kms_key
LogsResponse.disassociate_kms_key = disassociate_kms_key


# --- IAM enforcement of signed Lambda GET and DELETE requests (INITIAL_NO_AUTH_ACTION_COUNT, the
# bootstrap proof of a lambda-mode Region, __tests__/integration/bootstrap-emulator-lambda-archive.test.ts).
# moto 5.2.1 recomputes the signature of a Lambda request wrongly, so signed requests fail with
# SignatureDoesNotMatch: a request without a body (GetFunction, any GET or DELETE) is signed over
# its parsed data, which for Lambda is its headers; and the query string is signed decoded
# (Invoke's ?Qualifier=$LATEST), where the client signed it encoded (%24LATEST). Here a request
# without a body is signed over an empty payload and the query string encoded, as AWS does.
from urllib.parse import parse_qsl, quote

from moto.iam.access_control import IAMRequestBase

_original_aws_request = IAMRequestBase._create_aws_request


def _create_aws_request(self: IAMRequestBase):
    if self._service == "lambda":
        if not self._body:
            self._data = {}
        path, _, query = self._path.partition("?")
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            self._path = path + "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
    return _original_aws_request(self)


IAMRequestBase._create_aws_request = _create_aws_request


# --- Lambda LoggingConfig (the updater's JSON logs in its own log group): moto 5.2.1 drops the
# function's LoggingConfig, so every plan after the apply wants to set it again. The configuration
# given on create and update is kept and returned, as AWS does.
from moto.awslambda.models import LambdaFunction

_original_function_init = LambdaFunction.__init__
_original_get_configuration = LambdaFunction.get_configuration
_original_update_configuration = LambdaFunction.update_configuration


def _function_init(self: LambdaFunction, account_id, spec, region, *args, **kwargs):
    _original_function_init(self, account_id, spec, region, *args, **kwargs)
    self.logging_config = spec.get("LoggingConfig")


def _get_configuration(self: LambdaFunction, *args, **kwargs):
    config = _original_get_configuration(self, *args, **kwargs)
    if getattr(self, "logging_config", None):
        config["LoggingConfig"] = self.logging_config
    return config


def _update_configuration(self: LambdaFunction, config_updates, *args, **kwargs):
    if "LoggingConfig" in config_updates:
        self.logging_config = config_updates["LoggingConfig"]
    return _original_update_configuration(self, config_updates, *args, **kwargs)


LambdaFunction.__init__ = _function_init
LambdaFunction.get_configuration = _get_configuration
LambdaFunction.update_configuration = _update_configuration


def _reset_settings_too() -> None:
    """POST /moto-api/reset clears moto's backends; clear the settings with them."""
    from moto.moto_api._internal.models import moto_api_backend

    original = moto_api_backend.reset

    def reset() -> None:
        _SETTINGS.clear()
        original()

    moto_api_backend.reset = reset


if __name__ == "__main__":
    _reset_settings_too()
    from moto.server import main

    main(sys.argv[1:])
