import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ErrorDto } from '../errors/error.dto';
import { parse } from '../errors/parse';
import { AuthService } from './auth.service';
import { SignInDto, TokenDto, WhoAmIDto } from './auth.dto';
import { Caller } from './caller.decorator';
import { Principal, Public } from './principal';

const signInBody = z.object({
  username: z.string({ error: 'required' }).min(1, 'required').max(200),
  password: z.string({ error: 'required' }).min(1, 'required').max(1000),
});

/** Sign-in for people: a short-lived bearer token carrying the user's role and its scopes. */
@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange a user name and password for a short-lived bearer token' })
  @ApiBody({ type: SignInDto })
  @ApiOkResponse({ type: TokenDto })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'A field is missing; error.field names it' })
  @ApiResponse({ status: 401, type: ErrorDto, description: 'Unknown user or wrong password' })
  signIn(@Body() body: unknown): TokenDto {
    const b = parse(signInBody, body);
    const s = this.auth.signIn(b.username, b.password);
    return { access_token: s.accessToken, token_type: 'Bearer', expires_in: s.expiresIn, user: s.user };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token belongs to' })
  @ApiOkResponse({ type: WhoAmIDto })
  @ApiResponse({ status: 401, type: ErrorDto })
  me(@Caller() caller: Principal): WhoAmIDto {
    return caller.kind === 'user'
      ? { kind: 'user', username: caller.username, role: caller.role, scopes: caller.scopes }
      : { kind: 'forwarded' };
  }
}
